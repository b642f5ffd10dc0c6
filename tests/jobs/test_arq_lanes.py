"""The owners' lanes in Redis: job-ID dedup across lanes and arq, lanes that outlive any
process, and a hard-killed worker that blocks no one. Real Redis, real arq workers."""

import asyncio
import signal
import sys
from pathlib import Path

import pytest
import redis.asyncio
from arq import ArqRedis, create_pool
from arq.connections import RedisSettings
from arq.constants import default_queue_name, in_progress_key_prefix
from arq.jobs import Job, JobStatus
from fair_support import (
    A,
    B,
    Hold,
    Started,
    bare_workers,
    queue_jobs,
    record_id,
    recorder,
    run_burst,
)

from jobs.arq_lanes import RedisLanes
from jobs.queue import ArqQueue
from pipeline.context import JobCtx

pytestmark = [
    # arq 0.28's Worker.close() still calls redis-py's deprecated `close()`.
    pytest.mark.filterwarnings("ignore:Call to deprecated close:DeprecationWarning"),
]
ROOT = Path(__file__).resolve().parents[2]


async def test_a_job_id_is_refused_waiting_admitted_or_kept(
    job_ctx: JobCtx, arq_redis: ArqRedis, redis_settings: RedisSettings
) -> None:
    queue, job_id = ArqQueue(arq_redis), record_id(A, 1)

    assert await queue.enqueue("record", A, 1, job_id=job_id, owner=A)
    assert not await queue.enqueue("record", A, 1, job_id=job_id, owner=A)  # in A's lane
    assert not await queue.enqueue("record", A, 1, job_id=job_id, owner=B)  # in any lane
    assert await Job(job_id, arq_redis).status() is JobStatus.not_found  # arq has not got it
    assert await RedisLanes(arq_redis, default_queue_name).admit(1) == 1
    assert await Job(job_id, arq_redis).status() is JobStatus.queued
    assert not await queue.enqueue("record", A, 1, job_id=job_id, owner=A)  # queued in arq
    started: Started = []
    await run_burst(job_ctx, redis_settings, specs=recorder(started))

    assert started == [(A, 1)]
    assert await Job(job_id, arq_redis).status() is JobStatus.complete
    assert not await queue.enqueue("record", A, 1, job_id=job_id, owner=A)  # result kept


async def test_turns_outlive_the_bot_and_the_workers(
    job_ctx: JobCtx, redis_settings: RedisSettings
) -> None:
    bot_pool = await create_pool(redis_settings)
    queue = ArqQueue(bot_pool)
    await queue_jobs(queue, A, range(1, 4))
    await queue_jobs(queue, B, range(1, 3))
    await queue.close()  # the bot stops; the jobs wait in Redis
    started: Started = []

    # One worker runs a single job and stops; the next carries on where the turns were.
    await run_burst(job_ctx, redis_settings, specs=recorder(started), max_burst_jobs=1)
    assert started == [(A, 1)]
    await run_burst(job_ctx, redis_settings, specs=recorder(started))

    assert started == [(A, 1), (B, 1), (A, 2), (B, 2), (A, 3)]


HOLDING_WORKER = """
import asyncio, sys
from arq.connections import RedisSettings
from arq.worker import func
from jobs.arq_lanes import FairWorker

async def hold(ctx, owner, n):
    await asyncio.Event().wait()

FairWorker(
    functions=[func(hold, name="record")],
    redis_settings=RedisSettings.from_dsn(sys.argv[1]),
    poll_delay=0.02,
    handle_signals=False,
    max_jobs=1,
).run()
"""


async def test_a_hard_killed_worker_blocks_no_owner(
    arq_redis: ArqRedis, redis_url: str, redis_settings: RedisSettings
) -> None:
    queue = ArqQueue(arq_redis)
    await queue_jobs(queue, A, range(1, 3))
    await queue_jobs(queue, B, range(1, 2))
    held = in_progress_key_prefix + record_id(A, 1)
    worker = await asyncio.create_subprocess_exec(
        sys.executable, "-c", HOLDING_WORKER, redis_url, cwd=ROOT
    )
    try:
        for _ in range(400):
            if await arq_redis.exists(held):  # the worker has started A's first job
                break
            await asyncio.sleep(0.05)
        else:
            pytest.fail("the worker never started a job")
    finally:
        worker.send_signal(signal.SIGKILL)
        await worker.wait()

    # arq keeps A's first job for itself until its in-progress key expires (then runs it
    # again); meanwhile A's next job and B's job run on the other workers.
    started: Started = []
    hold = Hold()
    (survivor,) = bare_workers(
        recorder(started, hold=hold),
        redis_settings,
        1,
        burst=False,  # a burst worker would stop at the job it cannot take
    )
    running = asyncio.create_task(survivor.async_run())
    await hold.wait_for(2)
    await survivor.close()
    with pytest.raises(asyncio.CancelledError):
        await running

    assert started == [(B, 1), (A, 2)]
    assert await arq_redis.exists(held)
    assert await Job(record_id(A, 1), arq_redis).status() is JobStatus.in_progress
    async with redis.asyncio.Redis.from_url(redis_url) as client:
        assert await client.ttl(held) > 0
