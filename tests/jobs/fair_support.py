"""Fairness test helpers: owners, a job that records the order jobs start in, workers."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from arq import Retry
from arq.connections import RedisSettings
from arq.worker import Worker

from core.ports import JobQueue
from jobs.arq_lanes import FairWorker
from jobs.registry import JobSpec
from jobs.worker import CtxFactory, build_worker, worker_functions
from pipeline.context import JobCtx

A, B, C = 101, 102, 103  # owners (user IDs)
BURST: dict[str, Any] = {"burst": True, "poll_delay": 0.02, "handle_signals": False}
Started = list[tuple[int, int]]


def provide(ctx: JobCtx) -> CtxFactory:
    """The test's JobCtx (on its rolled-back transaction) in place of `job_context`."""

    @asynccontextmanager
    async def factory() -> AsyncIterator[JobCtx]:
        yield ctx

    return factory


class Hold:
    """Lets a test wait for jobs to start, and keeps job `held` running until released."""

    def __init__(self, held: tuple[int, int] | None = None) -> None:
        self.held = held
        self.count = 0
        self.changed = asyncio.Event()
        self.released = asyncio.Event()

    async def started(self, owner: int, n: int) -> None:
        self.count += 1
        self.changed.set()
        if (owner, n) == self.held:
            await asyncio.wait_for(self.released.wait(), 10)

    async def wait_for(self, count: int) -> None:
        async with asyncio.timeout(10):
            while self.count < count:
                await self.changed.wait()
                self.changed.clear()


def recorder(
    started: Started, *, retry_once: Started | None = None, hold: Hold | None = None
) -> dict[str, JobSpec]:
    """A job that notes (owner, n) as it starts (and tells `hold`, which may keep it
    running); those in `retry_once` ask for one retry."""
    again = set(retry_once or [])

    async def record(ctx: JobCtx, owner: int, n: int) -> None:
        started.append((owner, n))
        if hold is not None:
            await hold.started(owner, n)
        if (owner, n) in again:
            again.discard((owner, n))
            raise Retry(defer=0)

    return {"record": JobSpec("record", record, max_tries=2)}


def record_id(owner: int, n: int) -> str:
    return f"record:{owner}:{n}"


async def queue_jobs(queue: JobQueue, owner: int, numbers: range, weight: int = 1) -> None:
    for n in numbers:
        job_id = record_id(owner, n)
        assert await queue.enqueue("record", owner, n, job_id=job_id, owner=owner, weight=weight)


async def run_burst(ctx: JobCtx, redis_settings: RedisSettings, **options: Any) -> Worker:
    """The production worker (`build_worker`) in burst mode, until nothing is left."""
    worker = build_worker(provide(ctx), redis_settings, **(BURST | options))
    await worker.async_run()
    await worker.close()
    return worker


def bare_workers(
    specs: dict[str, JobSpec], redis_settings: RedisSettings, count: int, **options: Any
) -> list[Worker]:
    """Burst workers with no start-up (no database), so several can share this test's one
    database connection."""
    functions = worker_functions(specs)
    settings = BURST | {"max_jobs": 1} | options
    return [
        FairWorker(functions=functions, redis_settings=redis_settings, **settings)
        for _ in range(count)
    ]
