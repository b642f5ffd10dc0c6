"""A hard-killed worker's job keeps counting against its owner's cap (it is still theirs:
arq runs it again) until it is reclaimed, runs again and ends; then the slot is given back.
Real Redis, a real worker process killed with SIGKILL, a real survivor worker."""

import asyncio
import signal
import sys
from pathlib import Path

import pytest
from arq import ArqRedis
from arq.connections import RedisSettings
from arq.constants import in_progress_key_prefix
from fair_support import A, B, Hold, Started, bare_workers, queue_jobs, record_id, recorder

from jobs.queue import ArqQueue
from jobs.registry import QueueName

pytestmark = [
    # arq 0.28's Worker.close() still calls redis-py's deprecated `close()`.
    pytest.mark.filterwarnings("ignore:Call to deprecated close:DeprecationWarning"),
]
ROOT = Path(__file__).resolve().parents[2]

CAPPED_HOLDING_WORKER = """
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
    owner_cap=1,
).run()
"""


async def kill_worker_holding(arq_redis: ArqRedis, redis_url: str, job_id: str) -> None:
    """Start a capped worker process, wait until it runs `job_id`, and SIGKILL it."""
    worker = await asyncio.create_subprocess_exec(
        sys.executable, "-c", CAPPED_HOLDING_WORKER, redis_url, cwd=ROOT
    )
    try:
        for _ in range(400):
            if await arq_redis.exists(in_progress_key_prefix + job_id):
                return
            await asyncio.sleep(0.05)
        pytest.fail("the worker never started a job")
    finally:
        worker.send_signal(signal.SIGKILL)
        await worker.wait()


async def test_a_dead_worker_s_capped_slot_is_given_back_once_its_job_ends(
    arq_redis: ArqRedis, redis_url: str, redis_settings: RedisSettings
) -> None:
    queue = ArqQueue(arq_redis)
    lanes = queue.lanes[QueueName.RENDER]
    await queue_jobs(queue, A, range(1, 3))
    await queue_jobs(queue, B, range(1, 4))
    await kill_worker_holding(arq_redis, redis_url, record_id(A, 1))
    started: Started = []
    hold = Hold(held=(B, 2))
    (survivor,) = bare_workers(
        recorder(started, hold=hold), redis_settings, 1, owner_cap=1, burst=False
    )
    running = asyncio.create_task(survivor.async_run())

    # A's job on the dead worker still counts: after B's first, A is next in turn but at
    # its cap, so B's second goes first.
    await hold.wait_for(2)
    assert started == [(B, 1), (B, 2)]
    assert await lanes.held_counts() == {A: 1, B: 1}

    # The reaper reclaims it (its runner is lost): it runs again on the survivor, and as it
    # ends its slot is A's again: A, next in turn, goes before B's third.
    await queue.reclaim(record_id(A, 1))
    hold.released.set()
    await hold.wait_for(5)
    await asyncio.gather(*survivor.tasks.values())  # its last job ends, all the way
    await survivor.close()
    with pytest.raises(asyncio.CancelledError):
        await running

    assert started == [(B, 1), (B, 2), (A, 1), (A, 2), (B, 3)]
    assert await lanes.held_counts() == {}
