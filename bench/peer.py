"""Our render against MoviePy's (as the peers use it) on the same Short, in one run.

Makes a Short through the pipeline (`bench.render.measure`, local store), then hands its stills,
scene bounds, word timings and voice, with a generated music bed, to
`bench/peers/moviepy_short.py` in the peer virtualenv, and prints one JSON line: both render
times (wall and, for MoviePy, CPU seconds), MoviePy's peak RSS (its process tree) and the ratios
`speedup_render` (MoviePy's render / ours) and `speedup_total` (MoviePy's render / our whole
topic-to-MP4 time).

Run: `make bench-peer` (builds `.venv-peer` first), or
`python -m bench.peer [--duration 30] [--peer-python .venv-peer/bin/python]`.
"""

import argparse
import asyncio
import json
import resource
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.render import measure
from bench.rss import PeakRss
from pipeline.ffmpeg.binary import find_ffmpeg
from pipeline.ffmpeg.mp4 import mp4_duration
from pipeline.subtitles.fonts import fonts_dir

PEER_SCRIPT = Path(__file__).parent / "peers" / "moviepy_short.py"
# The bed the peers loop under the voice: a soft chord (A minor), 20 s, looped by MoviePy.
CHORD = "0.1*sin(2*PI*220*t)+0.08*sin(2*PI*261.63*t)+0.08*sin(2*PI*329.63*t)"


def peer_manifest(workdir: Path, figures: dict[str, Any], ffmpeg: str) -> dict[str, Any]:
    """What MoviePy renders: the finished project's own inputs, read from the local store."""
    (project,) = {p.parent for p in (workdir / "storage").rglob("video.mp4")}
    timings = json.loads((project / "words.json").read_text(encoding="utf-8"))
    music = workdir / "music.wav"
    subprocess.run(
        [ffmpeg, "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
         f"aevalsrc='{CHORD}|{CHORD}':s=44100:d=20", str(music)],
        check=True,
    )  # fmt: skip
    return {
        "stills": [str(p) for p in sorted((project / "scenes").iterdir())],
        "scene_bounds": timings["scene_bounds"],
        "words": timings["words"],
        "voice": str(project / "voice.wav"),
        "music": str(music),
        "font": str(fonts_dir() / "Roboto-Black.ttf"),
        "width": 1080,
        "height": 1920,
        "fps": 30,
        "duration": figures["video_s"],
    }


def run_peer(peer_python: str, manifest: Path, out: Path) -> dict[str, float]:
    """MoviePy's render: wall and CPU seconds, and its process tree's peak RSS."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    with PeakRss() as rss:
        subprocess.run([peer_python, str(PEER_SCRIPT), str(manifest), str(out)], check=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {
        "moviepy_s": round(wall, 2),
        "moviepy_cpu_s": round(cpu, 2),
        "moviepy_peak_rss_mb": round(rss.children_peak_mb, 1),
        "moviepy_video_s": round(mp4_duration(out), 2),
    }


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--duration", type=float, default=30.0)
    parser.add_argument("--lang", default="ru")
    parser.add_argument("--peer-python", default=".venv-peer/bin/python")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-peer-") as tmp:
        workdir = Path(tmp)
        ours = await measure(args.duration, args.lang, workdir)
        manifest = workdir / "peer.json"
        body = peer_manifest(workdir, ours, find_ffmpeg(None))
        manifest.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
        peer = await asyncio.to_thread(run_peer, args.peer_python, manifest, workdir / "peer.mp4")
    print(
        json.dumps(
            {
                "video_s": ours["video_s"],
                "ours_render_s": ours["render_s"],
                "ours_total_s": ours["total_s"],
                "ours_render_peak_rss_mb": ours["render_peak_rss_mb"],
                **peer,
                "speedup_render": round(peer["moviepy_s"] / ours["render_s"], 1),
                "speedup_total": round(peer["moviepy_s"] / ours["total_s"], 1),
            }
        ),
        flush=True,
    )


if __name__ == "__main__":
    asyncio.run(main())
