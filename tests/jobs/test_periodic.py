"""Periodic ticks: with two arq workers on real Redis each tick runs once; in embedded mode a
tick is a task that survives a failing pass and stops with the queue."""

import asyncio
import signal
from typing import Any

import pytest
from arq.connections import RedisSettings
from fair_support import provide

from core.ports import JobQueue
from jobs.periodic import PeriodicSpec
from jobs.queue import LocalQueue
from jobs.worker import build_worker, close_worker
from pipeline.context import JobCtx

pytestmark = [
    pytest.mark.filterwarnings("ignore:Call to deprecated close:DeprecationWarning"),
    pytest.mark.timeout(60),
]


async def test_arq_two_workers_run_each_tick_once(
    job_ctx: JobCtx, redis_settings: RedisSettings
) -> None:
    ticks: list[str] = []

    async def tick(ctx: JobCtx, queue: JobQueue) -> None:
        del queue
        ticks.append(dict(ctx)["job_id"])  # arq's ctx: the tick's job ID, its time

    spec = PeriodicSpec("tick", 1, tick)
    options: dict[str, Any] = {"poll_delay": 0.05, "handle_signals": False}
    workers = [
        build_worker(provide(job_ctx), redis_settings, periodic=[spec], resume=False, **options)
        for _ in range(2)
    ]
    runs = [asyncio.create_task(worker.async_run()) for worker in workers]
    await asyncio.sleep(4.2)
    for worker, run in zip(workers, runs, strict=True):
        worker.handle_sig(signal.SIGINT)
        await asyncio.gather(run, return_exceptions=True)
        await close_worker(worker)

    assert 3 <= len(ticks) <= 5  # one a second, not two
    assert len(set(ticks)) == len(ticks)
    assert sum(worker.jobs_complete for worker in workers) == len(ticks)


async def test_local_a_tick_survives_a_failing_pass_and_stops_with_the_queue(
    job_ctx: JobCtx,
) -> None:
    passes: list[int] = []
    third = asyncio.Event()

    async def tick(ctx: JobCtx, queue: JobQueue) -> None:
        del ctx, queue
        passes.append(len(passes) + 1)
        if len(passes) == 1:
            raise ConnectionError("the database is away")
        if len(passes) == 3:
            third.set()

    async def no_wait(seconds: float) -> None:
        assert seconds == 7
        await asyncio.sleep(0)

    queue = LocalQueue(job_ctx, sleep=no_wait)
    queue.start_periodic([PeriodicSpec("tick", 7, tick)])
    await asyncio.wait_for(third.wait(), 10)
    await queue.close()

    (task,) = queue.ticks
    assert task.done()
    assert passes[:3] == [1, 2, 3]
