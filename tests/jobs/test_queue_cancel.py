"""Cancelling a job (what /delete_my_data does before deleting a user's projects): a queued
job is taken out at once, a running one is stopped, with arq on real Redis and in-process."""

import asyncio
from typing import Any

import pytest
from arq import ArqRedis
from arq.connections import RedisSettings
from arq.constants import default_queue_name
from arq.jobs import Job, JobStatus
from queue_support import OWNER

from jobs.queue import ArqQueue, LocalQueue
from jobs.registry import JobSpec
from jobs.worker import build_worker
from pipeline.context import JobCtx

pytestmark = [
    pytest.mark.filterwarnings("ignore:Call to deprecated close:DeprecationWarning"),
    pytest.mark.timeout(60),
]


class Holding:
    """A job that runs until it is cancelled, and says when it started and stopped."""

    def __init__(self) -> None:
        self.started = asyncio.Event()
        self.cancelled: list[int] = []

    async def __call__(self, ctx: JobCtx, item: int) -> None:
        del ctx
        self.started.set()
        try:
            await asyncio.sleep(120)
        except asyncio.CancelledError:
            self.cancelled.append(item)
            raise

    def specs(self) -> dict[str, JobSpec]:
        return {"hold": JobSpec("hold", self, max_tries=1, timeout_s=300)}


async def test_arq_a_queued_job_is_taken_out_at_once(
    job_ctx: JobCtx, redis_settings: RedisSettings, arq_redis: ArqRedis
) -> None:
    holding = Holding()
    queue = ArqQueue(arq_redis)
    assert await queue.enqueue("hold", 1, job_id="hold:1", owner=OWNER)
    await asyncio.wait_for(queue.cancel("hold:1"), 2)  # no worker is running: no waiting
    assert await arq_redis.zscore(default_queue_name, "hold:1") is None
    assert await Job("hold:1", arq_redis).status() is JobStatus.not_found
    options: dict[str, Any] = {"burst": True, "poll_delay": 0.05, "handle_signals": False}
    worker = build_worker(
        lambda: FixedCtx(job_ctx), redis_settings, specs=holding.specs(), **options
    )
    await worker.async_run()
    await worker.close()
    assert not holding.started.is_set()


async def test_arq_a_running_job_is_stopped(
    job_ctx: JobCtx, redis_settings: RedisSettings, arq_redis: ArqRedis
) -> None:
    holding = Holding()
    queue = ArqQueue(arq_redis)
    options: dict[str, Any] = {"poll_delay": 0.05, "handle_signals": False}
    worker = build_worker(
        lambda: FixedCtx(job_ctx), redis_settings, specs=holding.specs(), **options
    )
    running = asyncio.create_task(worker.async_run())
    try:
        await queue.enqueue("hold", 2, job_id="hold:2", owner=OWNER)
        await asyncio.wait_for(holding.started.wait(), 20)
        await asyncio.wait_for(queue.cancel("hold:2"), 10)
        assert holding.cancelled == [2]
        result = await Job("hold:2", arq_redis).result_info()
        assert result is not None
        assert not result.success
    finally:
        await worker.close()
        running.cancel()
        await asyncio.gather(running, return_exceptions=True)


async def test_local_a_running_and_a_waiting_job_are_stopped(job_ctx: JobCtx) -> None:
    holding = Holding()
    queue = LocalQueue(job_ctx, specs=holding.specs(), concurrency=1)
    try:
        await queue.enqueue("hold", 3, job_id="hold:3", owner=OWNER)
        await queue.enqueue("hold", 4, job_id="hold:4", owner=OWNER)  # waits for the one slot
        await asyncio.wait_for(holding.started.wait(), 5)
        await queue.cancel("hold:4")
        await queue.cancel("hold:3")
        await queue.cancel("hold:5")  # never queued: nothing to do
        assert holding.cancelled == [3]
        assert queue.tasks == {}
    finally:
        await queue.close()


class FixedCtx:
    """The test's JobCtx as the worker's context factory."""

    def __init__(self, ctx: JobCtx) -> None:
        self.ctx = ctx

    async def __aenter__(self) -> JobCtx:
        return self.ctx

    async def __aexit__(self, *_: object) -> None:
        return None
