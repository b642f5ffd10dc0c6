"""Both queues give owners turns: user A queues 10 jobs, then user B queues 1, and B's runs
second, not eleventh. LocalQueue in-process; ArqQueue with real arq workers on real Redis."""

import asyncio

import pytest
from arq import ArqRedis
from arq.connections import RedisSettings
from fair_support import (
    A,
    B,
    C,
    Hold,
    Started,
    bare_workers,
    queue_jobs,
    recorder,
    run_burst,
)

from jobs.queue import ArqQueue, LocalQueue
from jobs.registry import JobSpec
from pipeline.context import JobCtx

pytestmark = [
    # arq 0.28's Worker.close() still calls redis-py's deprecated `close()`.
    pytest.mark.filterwarnings("ignore:Call to deprecated close:DeprecationWarning"),
]

A_TEN_THEN_B = [(A, 1), (B, 1), *[(A, n) for n in range(2, 11)]]
THREE_OWNERS = [(A, 1), (B, 1), (C, 1), (A, 2), (B, 2), (A, 3), (B, 3)]


async def test_local_queue_a_ten_then_b_one(job_ctx: JobCtx) -> None:
    started: Started = []
    queue = LocalQueue(job_ctx, specs=recorder(started))
    await queue_jobs(queue, A, range(1, 11))
    await queue_jobs(queue, B, range(1, 2))
    await queue.join()

    assert started == A_TEN_THEN_B
    assert queue.jobs_complete == 11


async def test_arq_a_ten_then_b_one(
    job_ctx: JobCtx, arq_redis: ArqRedis, redis_settings: RedisSettings
) -> None:
    started: Started = []
    queue = ArqQueue(arq_redis)
    await queue_jobs(queue, A, range(1, 11))
    await queue_jobs(queue, B, range(1, 2))

    worker = await run_burst(job_ctx, redis_settings, specs=recorder(started))

    assert started == A_TEN_THEN_B
    assert worker.jobs_complete == 11


async def test_both_queues_rotate_three_owners_alike(
    job_ctx: JobCtx, arq_redis: ArqRedis, redis_settings: RedisSettings
) -> None:
    local: Started = []
    queue = LocalQueue(job_ctx, specs=recorder(local))
    remote: Started = []
    for target in (queue, ArqQueue(arq_redis)):
        await queue_jobs(target, A, range(1, 4))
        await queue_jobs(target, B, range(1, 4))
        await queue_jobs(target, C, range(1, 2))
    await queue.join()
    await run_burst(job_ctx, redis_settings, specs=recorder(remote))

    assert local == remote == THREE_OWNERS


async def test_a_due_retry_goes_before_new_jobs_in_both(
    job_ctx: JobCtx, arq_redis: ArqRedis, redis_settings: RedisSettings
) -> None:
    # As arq does for a job it already holds: a retry that is due runs before B is admitted.
    local: Started = []
    queue = LocalQueue(job_ctx, specs=recorder(local, retry_once=[(A, 1)]))
    remote: Started = []
    for target in (queue, ArqQueue(arq_redis)):
        await queue_jobs(target, A, range(1, 2))
        await queue_jobs(target, B, range(1, 3))
    await queue.join()
    worker = await run_burst(job_ctx, redis_settings, specs=recorder(remote, retry_once=[(A, 1)]))

    assert local == remote == [(A, 1), (A, 1), (B, 1), (B, 2)]
    assert (queue.jobs_retried, worker.jobs_retried) == (1, 1)


async def test_arq_keeps_every_worker_busy_for_a_single_user(
    job_ctx: JobCtx, arq_redis: ArqRedis, redis_settings: RedisSettings
) -> None:
    # Work-conserving: no per-user cap leaves a worker idle while A alone has work.
    running, peak, both = 0, 0, asyncio.Event()

    async def hold(ctx: JobCtx, owner: int, n: int) -> None:
        nonlocal running, peak
        running += 1
        peak = max(peak, running)
        if running == 2:
            both.set()
        await asyncio.wait_for(both.wait(), 10)
        running -= 1

    queue = ArqQueue(arq_redis)
    for n in range(4):
        assert await queue.enqueue("hold", A, n, job_id=f"hold:{n}", owner=A)
    workers = bare_workers({"hold": JobSpec("hold", hold)}, redis_settings, 2)

    await asyncio.gather(*(worker.async_run() for worker in workers))
    for worker in workers:
        await worker.close()

    assert peak == 2
    assert sum(worker.jobs_complete for worker in workers) == 4


async def test_arq_two_workers_serve_b_in_the_first_round(
    job_ctx: JobCtx, arq_redis: ArqRedis, redis_settings: RedisSettings
) -> None:
    started: Started = []
    queue = ArqQueue(arq_redis)
    await queue_jobs(queue, A, range(1, 11))
    await queue_jobs(queue, B, range(1, 2))
    workers = bare_workers(recorder(started), redis_settings, 2)

    await asyncio.gather(*(worker.async_run() for worker in workers))
    for worker in workers:
        await worker.close()

    assert (B, 1) in started[:2]
    assert sorted(started) == sorted(A_TEN_THEN_B)


async def test_b_queued_while_a_renders_goes_next_in_both(
    job_ctx: JobCtx, arq_redis: ArqRedis, redis_settings: RedisSettings
) -> None:
    local: Started = []
    hold = Hold(held=(A, 1))
    queue = LocalQueue(job_ctx, specs=recorder(local, hold=hold))
    await queue_jobs(queue, A, range(1, 4))
    await hold.wait_for(1)
    await queue_jobs(queue, B, range(1, 2))
    hold.released.set()
    await queue.join()

    remote: Started = []
    hold = Hold(held=(A, 1))
    await queue_jobs(ArqQueue(arq_redis), A, range(1, 4))
    specs = recorder(remote, hold=hold)
    worker = asyncio.create_task(run_burst(job_ctx, redis_settings, specs=specs))
    await hold.wait_for(1)
    await queue_jobs(ArqQueue(arq_redis), B, range(1, 2))
    hold.released.set()
    await worker

    assert local == remote == [(A, 1), (B, 1), (A, 2), (A, 3)]
