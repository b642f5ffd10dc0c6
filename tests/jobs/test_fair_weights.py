"""Weighted turns, alike in both queues: an owner of weight 2 (Pro) takes two admissions per
turn against one for weight 1, and a newcomer still goes before an owner in the middle of
its turn. LocalQueue in-process; ArqQueue with a real arq worker on real Redis."""

import asyncio
from collections.abc import Awaitable, Callable

import pytest
from arq import ArqRedis
from arq.connections import RedisSettings
from fair_support import A, B, C, Hold, Started, queue_jobs, recorder, run_burst

from jobs.fair_lanes import FairLanes
from jobs.queue import ArqQueue, LocalQueue
from pipeline.context import JobCtx

pytestmark = [
    # arq 0.28's Worker.close() still calls redis-py's deprecated `close()`.
    pytest.mark.filterwarnings("ignore:Call to deprecated close:DeprecationWarning"),
]

# LocalQueue gives a free slot at once: OPENER's job takes it, so that in both queues every
# lane is full before the turns begin (an owner's turn ends when its lane empties).
OPENER = 100

# A (weight 2) queued 6 before B (weight 1) queued 4: B, a newcomer, goes before A's second
# admission, then A runs twice for each of B's.
PRO_AND_FREE = [
    (OPENER, 1),
    *[(A, 1), (B, 1), (A, 2), (B, 2)],
    *[(A, 3), (A, 4), (B, 3)],
    *[(A, 5), (A, 6), (B, 4)],
]


async def test_weight_two_runs_twice_per_turn_in_both(
    job_ctx: JobCtx, arq_redis: ArqRedis, redis_settings: RedisSettings
) -> None:
    local: Started = []
    queue = LocalQueue(job_ctx, specs=recorder(local))
    remote: Started = []
    for target in (queue, ArqQueue(arq_redis)):
        await queue_jobs(target, OPENER, range(1, 2))
        await queue_jobs(target, A, range(1, 7), weight=2)
        await queue_jobs(target, B, range(1, 5))
    await queue.join()
    await run_burst(job_ctx, redis_settings, specs=recorder(remote))

    assert local == remote == PRO_AND_FREE


async def test_three_weights_share_turns_in_both(
    job_ctx: JobCtx, arq_redis: ArqRedis, redis_settings: RedisSettings
) -> None:
    # Agency (3), Pro (2), Free (1), each with a batch: after the newcomers' first jobs, each
    # round is 3 of C's, 2 of B's, 1 of A's, in the order they were last served.
    local: Started = []
    queue = LocalQueue(job_ctx, specs=recorder(local))
    remote: Started = []
    for target in (queue, ArqQueue(arq_redis)):
        await queue_jobs(target, OPENER, range(1, 2))
        await queue_jobs(target, C, range(1, 8), weight=3)
        await queue_jobs(target, B, range(1, 6), weight=2)
        await queue_jobs(target, A, range(1, 4))
    await queue.join()
    await run_burst(job_ctx, redis_settings, specs=recorder(remote))

    first = [(OPENER, 1), (C, 1), (B, 1), (A, 1)]
    second = [(C, 2), (C, 3), (B, 2), (A, 2)]  # C and B end the turns they began
    third = [(C, 4), (C, 5), (C, 6), (B, 3), (B, 4), (A, 3)]
    assert local == remote == [*first, *second, *third, (C, 7), (B, 5)]


async def test_a_newcomer_goes_before_a_weighted_turn_under_way_in_both(
    job_ctx: JobCtx, arq_redis: ArqRedis, redis_settings: RedisSettings
) -> None:
    # Agency A (weight 3) is in the middle of its turn when B queues a single Short: B's
    # runs next, not after A's third.
    local: Started = []
    hold = Hold(held=(A, 2))
    queue = LocalQueue(job_ctx, specs=recorder(local, hold=hold))
    await queue_jobs(queue, A, range(1, 6), weight=3)
    await hold.wait_for(2)
    await queue_jobs(queue, B, range(1, 2))
    hold.released.set()
    await queue.join()

    remote: Started = []
    hold = Hold(held=(A, 2))
    await queue_jobs(ArqQueue(arq_redis), A, range(1, 6), weight=3)
    specs = recorder(remote, hold=hold)
    worker = asyncio.create_task(run_burst(job_ctx, redis_settings, specs=specs))
    await hold.wait_for(2)
    await queue_jobs(ArqQueue(arq_redis), B, range(1, 2))
    hold.released.set()
    await worker

    assert local == remote == [(A, 1), (A, 2), (B, 1), (A, 3), (A, 4), (A, 5)]


def test_a_weight_below_one_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        FairLanes[int]().push(A, 1, weight=0)


class Stops(Hold):
    """Keeps each of `at` running until its own release: the test acts while it runs."""

    def __init__(self, *at: tuple[int, int]) -> None:
        super().__init__()
        self.reached = {key: asyncio.Event() for key in at}
        self.go = {key: asyncio.Event() for key in at}

    async def started(self, owner: int, n: int) -> None:
        if (owner, n) in self.go:
            self.reached[owner, n].set()
            await asyncio.wait_for(self.go[owner, n].wait(), 10)

    async def at(self, key: tuple[int, int], then: Callable[[], Awaitable[None]]) -> None:
        await asyncio.wait_for(self.reached[key].wait(), 10)
        await then()
        self.go[key].set()


async def test_a_single_user_back_with_nothing_running_goes_before_a_turn_in_both(
    job_ctx: JobCtx, arq_redis: ArqRedis, redis_settings: RedisSettings
) -> None:
    # B's first single Short is made between two of Agency A's turns; B's next one, asked for
    # while A's second turn is under way, runs next: B holds nothing, so B is a newcomer
    # again (before, B's last admission ranked it after A's turn, three Shorts later).
    expected = [(A, 1), (A, 2), (A, 3), (B, 1), (A, 4), (B, 2), (A, 5), (A, 6), (A, 7)]
    local: Started = []
    stops = Stops((A, 3), (A, 4))
    queue = LocalQueue(job_ctx, specs=recorder(local, hold=stops))
    await queue_jobs(queue, A, range(1, 8), weight=3)
    await stops.at((A, 3), lambda: queue_jobs(queue, B, range(1, 2)))
    await stops.at((A, 4), lambda: queue_jobs(queue, B, range(2, 3)))
    await queue.join()

    remote: Started = []
    stops = Stops((A, 3), (A, 4))
    arq = ArqQueue(arq_redis)
    await queue_jobs(arq, A, range(1, 8), weight=3)
    worker = asyncio.create_task(
        run_burst(job_ctx, redis_settings, specs=recorder(remote, hold=stops))
    )
    await stops.at((A, 3), lambda: queue_jobs(arq, B, range(1, 2)))
    await stops.at((A, 4), lambda: queue_jobs(arq, B, range(2, 3)))
    await worker

    assert local == remote == expected
