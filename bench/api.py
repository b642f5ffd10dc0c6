"""The REST API under many clients: 200 at once reading Shorts' status and listing
projects for 30 s (no rendering), against `python -m api` as production runs it
(PostgreSQL, Redis for the rate limits, one uvicorn process). Prints one JSON line per run.

Two runs: `polling` (each client asks once a second, with jitter: how integrations poll a
status URL; the latency a client sees) and `saturated` (each asks again as soon as it has
its answer: the most this process serves; latency there is mostly waiting in line, by
Little's law concurrency / throughput). The clients run in this process (aiohttp) on the
same 2 cores as the server: the server's CPU share is printed beside the figures.

Keys: run, workers, clients, seconds, requests, errors, rps, p50_ms, p95_ms, p99_ms, by_route
(p95 per route), server_cpu_s.

Run: `python -m bench.api [--clients 200] [--seconds 30] [--runs polling saturated]`.
"""

import argparse
import asyncio
import importlib
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import aiohttp
import psutil

from bench.api_world import seed_projects
from db.migrate import upgrade_head

TESTS = Path(__file__).resolve().parents[1] / "tests"
ROOT = TESTS.parent
PROJECTS = 100
START_TIMEOUT_S = 120.0
RUNS = {"polling": 1.0, "saturated": 0.0}  # seconds between one client's requests


def servers() -> tuple[Any, str, str]:
    """PostgreSQL and Redis as the tests find or start them (their helpers import infra.*)."""
    sys.path.insert(0, str(TESTS))
    found = importlib.import_module("infra.servers")
    return found, found.ensure_postgres(), found.ensure_redis()


def server_cpu(server: psutil.Process) -> float:
    """CPU seconds of the server and its worker processes (WEB__WORKERS)."""
    return sum(sum(p.cpu_times()[:2]) for p in [server, *server.children(recursive=True)])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


@dataclass
class Load:
    http: aiohttp.ClientSession
    url: str
    ids: list[int]
    interval: float
    until: float
    timings: list[tuple[str, float]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


async def client(load: Load) -> None:
    rng = random.Random()  # noqa: S311 - picks requests, guards nothing
    await asyncio.sleep(rng.uniform(0, load.interval))  # spread the first requests
    while (now := time.perf_counter()) < load.until:
        if rng.random() < 0.5:
            route, path = "status", f"/api/video/project/{rng.choice(load.ids)}/status"
        else:
            route, path = "projects", "/api/video/projects?limit=20"
        async with load.http.get(load.url + path) as response:
            await response.read()
            if response.status != 200:
                load.errors.append(f"{route}:{response.status}")
        load.timings.append((route, time.perf_counter() - now))
        if load.interval:
            await asyncio.sleep(max(0.0, load.interval * rng.uniform(0.5, 1.5)))


async def run(
    name: str, url: str, key: str, ids: list[int], *, clients: int, seconds: float,
    server: psutil.Process, workers: int,
) -> dict[str, Any]:  # fmt: skip
    connector = aiohttp.TCPConnector(limit=clients)
    headers = {"Authorization": f"Bearer {key}"}
    async with aiohttp.ClientSession(connector=connector, headers=headers) as http:
        cpu_before = server_cpu(server)
        load = Load(http, url, ids, RUNS[name], time.perf_counter() + seconds)
        await asyncio.gather(*(client(load) for _ in range(clients)))
        cpu = server_cpu(server) - cpu_before
    timings, errors = load.timings, load.errors
    latencies = [t for _, t in timings]
    by_route = {
        route: round(percentile([t for r, t in timings if r == route], 0.95) * 1000, 1)
        for route in ("status", "projects")
    }
    return {
        "run": name, "workers": workers, "clients": clients, "seconds": seconds,
        "requests": len(timings),
        "errors": len(errors), "rps": round(len(timings) / seconds, 1),
        "p50_ms": round(percentile(latencies, 0.50) * 1000, 1),
        "p95_ms": round(percentile(latencies, 0.95) * 1000, 1),
        "p99_ms": round(percentile(latencies, 0.99) * 1000, 1),
        "by_route": by_route, "server_cpu_s": round(cpu, 1),
    }  # fmt: skip


def start_api(
    tmp: Path, db_url: str, redis_url: str, port: int, workers: int
) -> subprocess.Popen[bytes]:
    env = {
        **os.environ, "PYTHONPATH": str(ROOT), "DB__URL": db_url, "REDIS__URL": redis_url,
        "WEB__PORT": str(port), "WEB__PUBLIC_URL": f"http://127.0.0.1:{port}",
        "STORAGE__ROOT": str(tmp / "storage"), "PUBLISHERS__SECRETS_DIR": str(tmp / "secrets"),
        "BOT__TOKEN": "", "LOG__LEVEL": "WARNING", "WEB__WORKERS": str(workers),
        "API__RATE_PER_MINUTE_PRO": str(10**9),  # measured here: the service, not the limit
    }  # fmt: skip
    argv = [sys.executable, "-m", "api"]
    return subprocess.Popen(argv, cwd=tmp, env=env, stdout=subprocess.DEVNULL)


async def wait_ready(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    async with aiohttp.ClientSession() as http:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError("python -m api exited")
            try:
                async with http.get(url + "/health") as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.2)
    raise RuntimeError("python -m api did not start")


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--runs", nargs="+", choices=sorted(RUNS), default=list(RUNS))
    parser.add_argument("--workers", type=int, default=1, help="WEB__WORKERS of the server")
    args = parser.parse_args()
    infra, pg_server, redis_server = servers()
    databases = importlib.import_module("infra.databases")
    db_url = await databases.recreate_database(pg_server, "bench_api")
    await asyncio.to_thread(upgrade_head, db_url)
    redis_url = urlsplit(redis_server)._replace(path="/15").geturl()
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="bench-api-") as tmp:
        key, ids = await seed_projects(db_url, PROJECTS, Path(tmp) / "storage")
        process = start_api(Path(tmp), db_url, redis_url, port, args.workers)
        try:
            url = f"http://127.0.0.1:{port}"
            await wait_ready(url, process)
            server = psutil.Process(process.pid)
            for name in args.runs:
                figures = await run(
                    name,
                    url,
                    key,
                    ids,
                    clients=args.clients,
                    seconds=args.seconds,
                    server=server,
                    workers=args.workers,
                )
                print(json.dumps(figures), flush=True)
        finally:
            process.terminate()
            process.wait(30)
            await databases.drop_database(pg_server, "bench_api")
            infra.stop_started_servers()


if __name__ == "__main__":
    asyncio.run(main())
