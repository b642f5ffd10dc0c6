"""Analytics at scale: 10,000 published posts of 100 creators (25 Shorts each on YouTube,
Instagram, TikTok and X, up to 60 days old, all due) in a fresh PostgreSQL database, the
four platforms' emulators on loopback, then ONE metrics collection pass: the product's
`collect_due_metrics` with the registry's readers and DbCredentials, as the job runs it.

The pass's budgets are an app with granted quotas, enough to read every post in one pass
(YouTube 100 `videos.list` calls a pass, Instagram 2,500 insights calls, X 100 lookups);
the defaults would read part of them and leave the rest, most overdue first, to the next
passes. Each platform's figures come from its emulator's own request log.

Keys of the `collection` run: run, publications, users, wall_s, read, snapshots,
reads_per_s, and per platform: requests (the emulator's count), budget, batch_size,
max_ids_per_request, read, wall_s, stopped (null: nothing due was left).

Then the `charts` run (bench/analytics_charts.py): /analytics for a creator with 500 Shorts.

Run: `python -m bench.analytics [--users 100] [--shorts 25] [--runs collection charts]`.
"""

import argparse
import asyncio
import importlib
import json
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import aiohttp

from bench.analytics_charts import charts
from bench.analytics_world import AnalyticsWorld, seed_world
from core.enums import Platform
from core.logs import configure_logging
from core.metrics_settings import MetricsSettings
from core.settings import LogSettings
from db.base import utcnow
from db.engine import make_engine, make_sessionmaker
from db.migrate import upgrade_head
from jobs.publish_wiring import credentials_for
from publishers.registry import metrics_readers
from services.metrics_collection import collect_due_metrics
from tests.platforms.emulators import Emulators, five_platforms
from tests.platforms.settings import platform_settings

TESTS = Path(__file__).resolve().parents[1] / "tests"
DATABASE = "bench_analytics"
BENCH_METRICS = MetricsSettings(
    youtube_daily_units=100 * 144, instagram_requests_per_run=2500, x_requests_per_run=100
)

Run = Callable[[AnalyticsWorld], Awaitable[dict[str, Any]]]


def _ids_per_request(emulators: Emulators) -> dict[Platform, list[int]]:
    """How many post IDs each metrics request carried, from the emulators' request logs."""
    return {
        Platform.YOUTUBE: [
            len((r.param("id") or "").split(",")) for r in emulators.youtube.requests.to("videos")
        ],
        Platform.INSTAGRAM: [1] * emulators.instagram.requests.count("insights"),
        Platform.TIKTOK: [
            len((r.json or {}).get("filters", {}).get("video_ids", []))
            for r in emulators.tiktok.to("video_query")
        ],
        Platform.X: [
            len((r.param("ids") or "").split(",")) for r in emulators.x.requests.to("tweets")
        ],
    }


async def collection(world: AnalyticsWorld) -> dict[str, Any]:
    """One collection pass over every due post."""
    settings = world.settings
    async with aiohttp.ClientSession() as http:
        started = time.perf_counter()
        report = await collect_due_metrics(
            world.sessionmaker,
            readers=metrics_readers(settings.publishers),
            http=http,
            credentials=credentials_for(world.sessionmaker, settings, http),
            settings=BENCH_METRICS,
            interval_s=settings.jobs.metrics_interval_s,
            now=utcnow(),
        )
        wall = time.perf_counter() - started
    sent = _ids_per_request(world.emulators)
    platforms = {
        platform.value: {
            "requests": len(sent[platform]),
            "budget": run.budget,
            "batch_size": run.batch_size,
            "max_ids_per_request": max(sent[platform], default=0),
            "read": run.read,
            "wall_s": round(run.wall_s, 2),
            "stopped": run.stopped,
        }
        for platform, run in report.platforms.items()
    }
    return {
        "publications": world.publications, "users": len(world.user_ids),
        "wall_s": round(wall, 2), "read": report.read, "snapshots": report.snapshots,
        "reads_per_s": round(report.read / wall, 1), "platforms": platforms,
    }  # fmt: skip


# The runs, in order, each given the seeded world.
RUNS: dict[str, Run] = {"collection": collection, "charts": charts}


def postgres() -> tuple[Any, Any, str]:
    """PostgreSQL as the tests find or start it (their helpers import infra.*)."""
    sys.path.insert(0, str(TESTS))
    servers = importlib.import_module("infra.servers")
    return servers, importlib.import_module("infra.databases"), servers.ensure_postgres()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--shorts", type=int, default=25, help="Shorts per user, on 4 platforms")
    parser.add_argument("--runs", nargs="+", choices=sorted(RUNS), default=list(RUNS))
    args = parser.parse_args()
    configure_logging(LogSettings(level="WARNING"))
    servers, databases, pg_server = postgres()
    db_url = await databases.recreate_database(pg_server, DATABASE)
    await asyncio.to_thread(upgrade_head, db_url)
    engine = make_engine(db_url)
    try:
        with tempfile.TemporaryDirectory(prefix="bench-analytics-") as tmp:
            async with five_platforms() as emulators:
                settings = platform_settings(
                    emulators, db_url=db_url, folder=Path(tmp), web_url="http://127.0.0.1:1"
                )
                world = AnalyticsWorld(settings, emulators, make_sessionmaker(engine), utcnow())
                started = time.perf_counter()
                await seed_world(world, users=args.users, shorts_per_user=args.shorts)
                seed_s = round(time.perf_counter() - started, 2)
                for name in args.runs:
                    figures = {"run": name, "seed_s": seed_s, **await RUNS[name](world)}
                    print(json.dumps(figures), flush=True)
    finally:
        await engine.dispose()
        await databases.drop_database(pg_server, DATABASE)
        servers.stop_started_servers()


if __name__ == "__main__":
    asyncio.run(main())
