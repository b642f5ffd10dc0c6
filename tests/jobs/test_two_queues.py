"""Two queues: an `io` job runs while every `render` slot is busy, in-process and with arq
workers on real Redis."""

import asyncio
import signal
from contextlib import suppress
from typing import Any

import pytest
from arq import ArqRedis
from arq.connections import RedisSettings
from arq.worker import Worker
from fair_support import A, B, provide

from jobs.queue import ArqQueue, LocalQueue
from jobs.registry import JobSpec, QueueName
from jobs.worker import build_worker, close_worker
from pipeline.context import JobCtx

pytestmark = [
    pytest.mark.filterwarnings("ignore:Call to deprecated close:DeprecationWarning"),
    pytest.mark.timeout(60),
]
OPTIONS: dict[str, Any] = {"poll_delay": 0.02, "handle_signals": False}


class Jobs:
    """`render` holds its slot until released; `upload` (io) notes that it ran."""

    def __init__(self) -> None:
        self.rendering: list[int] = []
        self.uploaded: list[int] = []
        self.render_started = asyncio.Event()
        self.both_rendered = asyncio.Event()
        self.uploaded_one = asyncio.Event()
        self.release = asyncio.Event()

    async def render(self, ctx: JobCtx, n: int) -> None:
        del ctx
        self.rendering.append(n)
        self.render_started.set()
        await asyncio.wait_for(self.release.wait(), 30)
        if len(self.rendering) == 2:
            self.both_rendered.set()

    async def upload(self, ctx: JobCtx, n: int) -> None:
        del ctx
        self.uploaded.append(n)
        self.uploaded_one.set()

    def specs(self) -> dict[str, JobSpec]:
        return {
            "render": JobSpec("render", self.render, max_tries=1),
            "upload": JobSpec("upload", self.upload, max_tries=1, queue=QueueName.IO),
        }


async def _fill_then_upload(jobs: Jobs, queue: LocalQueue | ArqQueue) -> None:
    """Two renders for one render slot, then an upload: it runs while the render holds on."""
    for n in (1, 2):
        assert await queue.enqueue("render", n, job_id=f"render:{n}", owner=A)
    await asyncio.wait_for(jobs.render_started.wait(), 10)
    assert await queue.enqueue("upload", 1, job_id="upload:1", owner=B)
    await asyncio.wait_for(jobs.uploaded_one.wait(), 10)
    assert (jobs.rendering, jobs.uploaded) == ([1], [1])  # the second render still waits
    jobs.release.set()


async def test_local_an_upload_runs_while_the_render_slot_is_busy(job_ctx: JobCtx) -> None:
    jobs = Jobs()
    queue = LocalQueue(job_ctx, specs=jobs.specs(), concurrency=1, io_concurrency=4)

    await _fill_then_upload(jobs, queue)
    await queue.join()

    assert (jobs.rendering, queue.jobs_complete) == ([1, 2], 3)
    await queue.close()


async def _stop(worker: Worker, run: "asyncio.Task[None]") -> None:
    worker.handle_sig(signal.SIGINT)  # as `python -m jobs` passes it on
    with suppress(asyncio.CancelledError):
        await run
    await close_worker(worker)


async def test_arq_an_upload_runs_while_the_render_slot_is_busy(
    job_ctx: JobCtx, redis_settings: RedisSettings, arq_redis: ArqRedis
) -> None:
    jobs = Jobs()
    specs = jobs.specs()
    workers = [
        build_worker(
            provide(job_ctx), redis_settings, queue=name, specs=specs, resume=False, **OPTIONS
        )
        for name in (QueueName.RENDER, QueueName.IO)
    ]
    runs = [asyncio.create_task(worker.async_run()) for worker in workers]
    try:
        await _fill_then_upload(jobs, ArqQueue(arq_redis, specs=specs))
        await asyncio.wait_for(jobs.both_rendered.wait(), 10)
    finally:
        jobs.release.set()
        for worker, run in zip(workers, runs, strict=True):
            await _stop(worker, run)
    render, io = workers
    assert (render.jobs_complete, io.jobs_complete) == (2, 1)
