"""`defer_until`: a deferred job runs not before its time, and survives a restart (arq: Redis
keeps it; embedded: its caller queues it again with the same time), on real Redis."""

import asyncio
import signal
from contextlib import suppress
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from arq import ArqRedis, create_pool
from arq.connections import RedisSettings
from fair_support import A, provide

from jobs.queue import ArqQueue, LocalQueue
from jobs.registry import JobSpec, QueueName
from jobs.worker import build_worker, close_worker
from pipeline.context import JobCtx

pytestmark = [
    pytest.mark.filterwarnings("ignore:Call to deprecated close:DeprecationWarning"),
    pytest.mark.timeout(60),
]
DELAY = timedelta(seconds=1.5)


class Publish:
    """An io job that notes when it ran."""

    def __init__(self) -> None:
        self.ran: list[tuple[int, datetime]] = []

    async def __call__(self, ctx: JobCtx, n: int) -> None:
        del ctx
        self.ran.append((n, datetime.now(UTC)))

    def specs(self) -> dict[str, JobSpec]:
        return {"publish": JobSpec("publish", self, max_tries=1, queue=QueueName.IO)}


async def test_local_a_deferred_job_waits_for_its_time(job_ctx: JobCtx) -> None:
    publish = Publish()
    queue = LocalQueue(job_ctx, specs=publish.specs())
    when = datetime.now(UTC) + DELAY

    assert await queue.enqueue("publish", 1, job_id="publish:1", owner=A, defer_until=when)
    assert not await queue.enqueue("publish", 1, job_id="publish:1", owner=A)  # deduped
    assert await queue.enqueue("publish", 2, job_id="publish:2", owner=A)  # not deferred
    await asyncio.sleep(0.5)
    assert [n for n, _ in publish.ran] == [2]
    assert await queue.is_pending("publish:1")
    await queue.join()

    assert [n for n, _ in publish.ran] == [2, 1]
    assert publish.ran[1][1] >= when
    await queue.close()


async def test_local_a_restart_before_the_time_runs_it_once_resumed(job_ctx: JobCtx) -> None:
    # Embedded mode keeps nothing: the caller's row holds the time and its resume queues the
    # job again with it, at the next start.
    publish = Publish()
    when = datetime.now(UTC) + DELAY
    first = LocalQueue(job_ctx, specs=publish.specs())
    assert await first.enqueue("publish", 1, job_id="publish:1", owner=A, defer_until=when)
    await first.close()  # the process stops before the time

    second = LocalQueue(job_ctx, specs=publish.specs())
    assert await second.enqueue("publish", 1, job_id="publish:1", owner=A, defer_until=when)
    await second.join()

    ((n, ran_at),) = publish.ran
    assert n == 1
    assert ran_at >= when
    await second.close()


async def test_arq_a_deferred_job_outlives_its_enqueuer_and_a_stopped_worker(
    job_ctx: JobCtx, redis_settings: RedisSettings, arq_redis: ArqRedis
) -> None:
    publish = Publish()
    specs = publish.specs()
    when = datetime.now(UTC) + DELAY
    enqueuer = ArqQueue(await create_pool(redis_settings), specs=specs)
    assert await enqueuer.enqueue("publish", 1, job_id="publish:1", owner=A, defer_until=when)
    assert not await enqueuer.enqueue("publish", 1, job_id="publish:1", owner=A)  # deduped
    await enqueuer.close()  # the bot restarts: Redis keeps the job
    options: dict[str, Any] = {"poll_delay": 0.02, "handle_signals": False}

    early = build_worker(
        provide(job_ctx), redis_settings, queue=QueueName.IO, specs=specs, resume=False, **options
    )
    run = asyncio.create_task(early.async_run())
    await asyncio.sleep(0.5)  # a worker comes and goes before the time
    early.handle_sig(signal.SIGINT)
    with suppress(asyncio.CancelledError):
        await run
    await close_worker(early)
    assert publish.ran == []
    assert await ArqQueue(arq_redis, specs=specs).is_pending("publish:1")

    late = build_worker(
        provide(job_ctx), redis_settings, queue=QueueName.IO, specs=specs, resume=False,
        **options | {"burst": True},
    )  # fmt: skip
    await late.async_run()
    await late.close()

    ((n, ran_at),) = publish.ran
    assert n == 1
    assert ran_at >= when
    assert late.jobs_complete == 1
