"""A batch of 50 Shorts of 15 s (offline providers) with 1 and with 2 render slots, while
another user asks for single Shorts; one JSON line per slot count.

Everything is the product's, in one process as in embedded mode: SQLite in a temporary
folder, the LocalQueue with `JOBS__RENDER_CONCURRENCY` = the workers and the per-user cap
(`JOBS__MAX_RENDERS_PER_USER`, default 1), `services.batches.start_batch` for user A on
the Agency plan (weight 3), `services.shorts.submit_project` for user B on Creator (weight
1). The preview's time is when the job reports the project finished (the bot would send it).

First B alone: one warm-up Short (imports, fonts), then `--idle` Shorts one after another:
`idle_s`. Then A's batch starts and B asks again, `--probes` times, each `--gap` s after the
previous preview, while the batch runs: `busy_s` (mean, p95, each with `wait_s`, the part
before its job had a render slot, and `ahead`, the batch's Shorts given a slot meanwhile).

Keys: wall_s (start_batch to the batch's last Short ending), shorts_per_min, failed,
busy_to_idle (mean busy / mean idle; target <= 2), p95_to_idle, targets, cpu_s_per_short
(CPU seconds of this process and its ended children, ffmpeg included, per Short made while
the batch ran: on idle cores the wall time is at least shorts x that / cores), peak_rss_mb
(the process tree while the batch runs, see bench.rss), load_before and load_after (the
1-minute load average: the cores are shared, so the wall times move with it).

Run: `python -m bench.batch [--shorts 50] [--duration 15] [--workers 1,2] [--quick]`.
"""

import argparse
import asyncio
import json
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import psutil
from pydantic import SecretStr

from bench.batch_world import Single, SingleUser, TimedNotifier, make_user, topics
from bench.bot import percentile
from bench.rss import PeakRss
from core.batch_options import BatchOptions
from core.logs import configure_logging
from core.plans import PlanCode
from core.provider_settings import ProvidersSettings
from core.settings import DbSettings, JobsSettings, LogSettings, Settings, StorageSettings
from db.base import utcnow
from db.queries import batches
from jobs.local_queue import LocalQueue
from jobs.runtime import job_context
from pipeline.context import JobCtx
from services.batch_collector import BatchTopic
from services.batches import start_batch

TARGET_WALL_S = 600.0
TARGET_RATIO = 2.0


async def run_batch(
    ctx: JobCtx, queue: LocalQueue, user_id: int, shorts: int, duration: int
) -> list[int]:
    """Start A's batch; return its projects' IDs."""
    rows = [
        BatchTopic(line=n + 1, topic=topic, duration=duration, style="vivid", language="en")
        for n, topic in enumerate(topics(shorts, "Batch"))
    ]
    options = BatchOptions(language="en", duration=duration, style="vivid", tone="friendly")
    async with ctx["sessionmaker"]() as session:
        batch = await start_batch(
            session, ctx["storage"], user_id, rows, options,
            limits=ctx["settings"].limits, queue=queue, now=utcnow(),
        )  # fmt: skip
        return [project.id for project in await batches.batch_projects(session, batch.id)]


async def probe(single: SingleUser, args: argparse.Namespace, over: asyncio.Event) -> list[Single]:
    """B's Shorts while the batch runs, each `--gap` s after the previous preview."""
    found: list[Single] = []
    for topic in topics(args.probes, "Busy"):
        await asyncio.sleep(args.gap)
        if over.is_set():
            break
        found.append(await single.short(topic))
    return found


def cpu_seconds() -> float:
    """CPU time of this process and its ended children (ffmpeg, drawing workers)."""
    times = psutil.Process().cpu_times()
    return times.user + times.system + times.children_user + times.children_system


def ahead(single: Single, batch_ids: list[int], notifier: TimedNotifier) -> int:
    """How many of the batch's Shorts were given a render slot while `single` waited for
    one: the fairness figure the machine's load does not change."""
    started = (notifier.started.get(pid) for pid in batch_ids)
    return sum(1 for at in started if at is not None and single.requested < at < single.started)


def summary(values: list[float]) -> dict[str, float | None]:
    if not values:
        return {"mean": None, "p95": None}
    return {"mean": round(statistics.mean(values), 2), "p95": round(percentile(values, 0.95), 2)}


async def measure(workers: int, args: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    settings = Settings(
        db=DbSettings(url=SecretStr(f"sqlite+aiosqlite:///{workdir / 'bench.db'}")),
        storage=StorageSettings(root=workdir / "storage"),
        providers=ProvidersSettings(),
        jobs=JobsSettings(render_concurrency=workers, max_renders_per_user=args.cap),
    )
    notifier = TimedNotifier()
    load_before = os.getloadavg()[0]
    async with job_context(settings, notifier) as ctx:
        queue = LocalQueue(ctx, concurrency=workers, io_concurrency=settings.jobs.io_concurrency)
        try:
            batch_user = await make_user(ctx["sessionmaker"], 1, PlanCode.AGENCY)
            single_user = await make_user(ctx["sessionmaker"], 2, PlanCode.CREATOR)
            single = SingleUser(ctx, queue, notifier, single_user, args.duration)
            await single.short("Warm-up: how kettles boil")  # imports, fonts: not measured
            idle_runs = [await single.short(topic) for topic in topics(args.idle, "Idle")]
            batch_over = asyncio.Event()
            with PeakRss() as rss:
                started, cpu_before = time.perf_counter(), cpu_seconds()
                ids = await run_batch(ctx, queue, batch_user, args.shorts, args.duration)
                probes = asyncio.create_task(probe(single, args, batch_over))
                ends = await asyncio.gather(*(notifier.wait(pid) for pid in ids))
                batch_over.set()
                busy = await probes
            wall_s, cpu_s = max(ends) - started, cpu_seconds() - cpu_before
        finally:
            await queue.close()
    idle_mean = statistics.mean(s.total_s for s in idle_runs)
    busy_s = [s.total_s for s in busy]
    busy_sum = summary(busy_s)
    ratio = None if busy_sum["mean"] is None else round(busy_sum["mean"] / idle_mean, 2)
    p95_ratio = None if busy_sum["p95"] is None else round(busy_sum["p95"] / idle_mean, 2)
    return {
        "bench": "batch",
        "workers": workers,
        "max_renders_per_user": args.cap,
        "shorts": args.shorts,
        "duration_s": args.duration,
        "wall_s": round(wall_s, 1),
        "shorts_per_min": round(args.shorts / wall_s * 60, 2),
        "failed": sum(1 for pid in ids if pid in notifier.failures),
        "idle_s": {"mean": round(idle_mean, 2), "runs": [s.as_dict() for s in idle_runs]},
        "busy_s": {**busy_sum, "runs": [s.as_dict(ahead(s, ids, notifier)) for s in busy]},
        "busy_failed": sum(1 for s in busy if s.failed),
        "busy_to_idle": ratio,
        "p95_to_idle": p95_ratio,
        "targets": {
            "wall_within_600s": wall_s <= TARGET_WALL_S,
            "single_mean_within_2x_idle": ratio is not None and ratio <= TARGET_RATIO,
            "single_p95_within_2x_idle": p95_ratio is not None and p95_ratio <= TARGET_RATIO,
        },
        **rss.total.as_mb(),
        "cpu_s_per_short": round(cpu_s / (args.shorts + len(busy)), 1),
        "cpus": os.cpu_count(),
        "load_before": round(load_before, 2),
        "load_after": round(os.getloadavg()[0], 2),
    }


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shorts", type=int, default=50)
    parser.add_argument("--duration", type=int, default=15, choices=[15, 30, 60])
    parser.add_argument("--workers", default="1,2", help="render slots per run, e.g. 1,2")
    parser.add_argument("--idle", type=int, default=3, help="B's Shorts measured alone")
    parser.add_argument("--probes", type=int, default=5, help="B's Shorts during the batch")
    parser.add_argument("--gap", type=float, default=5.0, help="s between B's Shorts")
    parser.add_argument("--cap", type=int, default=JobsSettings().max_renders_per_user)
    parser.add_argument("--quick", action="store_true", help="a smoke run: 4 Shorts, 1+1")
    args = parser.parse_args()
    if args.quick:
        args.shorts, args.idle, args.probes, args.gap = 4, 1, 1, 1.0
    configure_logging(LogSettings(level="WARNING"))  # stderr; stdout carries the figures
    for workers in (int(item) for item in args.workers.split(",")):
        with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
            figures = await measure(workers, args, Path(tmp))
        print(json.dumps(figures), flush=True)


if __name__ == "__main__":
    asyncio.run(main())
