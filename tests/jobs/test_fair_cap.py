"""The per-user cap, work-conserving, alike in both queues: user A's batch fills every slot
while A is alone; once B queues, B starts at the next free slot and A is admitted nothing
more while B waits and A holds its cap. LocalQueue in-process; the Redis lanes with two
real arq workers (the cap counted across both)."""

import asyncio

import pytest
from arq import ArqRedis
from arq.connections import RedisSettings
from fair_support import A, B, bare_workers, queue_jobs
from gate_support import Gate

from core.ports import JobQueue
from jobs.queue import ArqQueue, LocalQueue
from jobs.registry import QueueName
from pipeline.context import JobCtx

pytestmark = [
    # arq 0.28's Worker.close() still calls redis-py's deprecated `close()`.
    pytest.mark.filterwarnings("ignore:Call to deprecated close:DeprecationWarning"),
]
REST_OF_A = [(A, n) for n in range(2, 7)]


def capped(ctx: JobCtx, cap: int) -> JobCtx:
    jobs = ctx["settings"].jobs.model_copy(update={"max_renders_per_user": cap})
    return {**ctx, "settings": ctx["settings"].model_copy(update={"jobs": jobs})}


async def a_batch_then_b(gate: Gate, queue: JobQueue) -> None:
    """Two slots, cap 1: A queues 6 and fills both; B queues 3; jobs end one at a time."""
    await queue_jobs(queue, A, range(1, 7))
    assert await gate.wait_started(2) == [(A, 1), (A, 2)]  # alone, A uses every slot
    await queue_jobs(queue, B, range(1, 4))
    for ending, starting in [((A, 1), (B, 1)), ((B, 1), (B, 2)), ((B, 2), (B, 3))]:
        gate.open(ending)
        assert (await gate.wait_started(len(gate.started) + 1))[-1] == starting
    gate.open((B, 3))  # B waits no more: A may have both slots again
    assert (await gate.wait_started(6))[-1] == (A, 3)
    # A's running jobs as each job started: never more than the cap while B waited.
    assert gate.running_of(A) == [1, 2, 1, 1, 1, 2]
    gate.open(*REST_OF_A)


async def test_local_queue_caps_a_while_b_waits(job_ctx: JobCtx) -> None:
    gate = Gate()
    queue = LocalQueue(capped(job_ctx, 1), specs=gate.specs(), concurrency=2)

    await a_batch_then_b(gate, queue)
    await queue.join()

    assert queue.jobs_complete == 9
    assert queue.slots[QueueName.RENDER].held == {}  # every slot given back


async def test_arq_caps_a_across_workers_while_b_waits(
    arq_redis: ArqRedis, redis_settings: RedisSettings
) -> None:
    gate = Gate()
    queue = ArqQueue(arq_redis)
    workers = bare_workers(gate.specs(), redis_settings, 2, owner_cap=1)
    running = asyncio.gather(*(worker.async_run() for worker in workers))

    await a_batch_then_b(gate, queue)
    await running
    for worker in workers:
        await worker.close()

    assert sum(worker.jobs_complete for worker in workers) == 9
    assert await queue.lanes[QueueName.RENDER].held_counts() == {}


async def test_without_the_cap_b_s_short_jobs_hand_a_the_slot(job_ctx: JobCtx) -> None:
    # The turns count admissions: B1 ends first, and A (served before B) is next in turn.
    gate = Gate()
    queue = LocalQueue(capped(job_ctx, 0), specs=gate.specs(), concurrency=2)
    await queue_jobs(queue, A, range(1, 7))
    await gate.wait_started(2)
    await queue_jobs(queue, B, range(1, 4))
    gate.open((A, 1))
    await gate.wait_started(3)
    gate.open((B, 1))

    assert (await gate.wait_started(4))[-1] == (A, 3)
    assert gate.running_of(A)[-1] == 2
    gate.open(*REST_OF_A, (B, 2), (B, 3))
    await queue.join()
