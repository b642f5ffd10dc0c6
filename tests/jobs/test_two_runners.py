"""One project, two runners: two embedded processes on one SQLite file, or two arq workers
after Redis lost its jobs. The project's lease lets one of them make the Short, once."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager, nullcontext

import pytest
import redis.asyncio
from arq import create_pool
from arq.connections import RedisSettings
from pydantic import SecretStr
from queue_support import OWNER, RecordingNotifier, queue_project, rows
from test_arq_worker import BURST

from core.enums import STAGE_ORDER, ProjectStatus
from core.settings import DbSettings, Settings
from jobs.queue import ArqQueue, LocalQueue
from jobs.runtime import job_context
from jobs.worker import build_worker
from pipeline.context import JobCtx
from services.production import PRODUCE_SHORT, project_job_id

pytestmark = [
    pytest.mark.render,
    pytest.mark.timeout(240),
    pytest.mark.filterwarnings("ignore:Call to deprecated close:DeprecationWarning"),
]


@asynccontextmanager
async def two_processes(
    settings: Settings, sqlite_url: str
) -> AsyncIterator[tuple[JobCtx, JobCtx, RecordingNotifier, RecordingNotifier]]:
    """Two JobCtxs as two processes build them: an engine each, a runner name each."""
    settings = settings.model_copy(update={"db": DbSettings(url=SecretStr(sqlite_url))})
    notifiers = RecordingNotifier(), RecordingNotifier()
    async with AsyncExitStack() as stack:
        first = await stack.enter_async_context(job_context(settings, notifiers[0]))
        second = await stack.enter_async_context(
            job_context(settings, notifiers[1], migrate=False)
        )
        yield first, second, *notifiers


async def test_two_embedded_processes_on_one_sqlite_file_make_the_short_once(
    settings: Settings, sqlite_url: str
) -> None:
    async with two_processes(settings, sqlite_url) as (first_ctx, second_ctx, one, two):
        project_id = await queue_project(first_ctx)
        first, second = LocalQueue(first_ctx), LocalQueue(second_ctx)
        job_id = project_job_id(project_id, 0)

        # Both find it (their start-up, a reaper pass): each queues it in its own process.
        assert await first.enqueue(PRODUCE_SHORT, project_id, job_id=job_id, owner=OWNER)
        assert await second.enqueue(PRODUCE_SHORT, project_id, job_id=job_id, owner=OWNER)
        await asyncio.gather(first.join(), second.join())

        found = await rows(first_ctx, project_id)
    assert [] in (one.updates, two.updates)  # the other one never started a stage
    assert one.finished_ids + two.finished_ids == [project_id]
    assert (first.jobs_complete, second.jobs_complete) == (1, 1)
    assert found.project.status is ProjectStatus.DONE
    assert set(found.done_started()) == set(STAGE_ORDER)
    assert len(found.videos()) == 1
    assert (found.project.attempts, found.project.lease_owner) == (1, None)


async def test_two_arq_workers_after_a_redis_flush_make_the_short_once(
    settings: Settings, sqlite_url: str, redis_settings: RedisSettings, redis_url: str
) -> None:
    async with two_processes(settings, sqlite_url) as (first_ctx, second_ctx, one, two):
        project_id = await queue_project(first_ctx)
        job_id = project_job_id(project_id, 0)
        first = build_worker(lambda: nullcontext(first_ctx), redis_settings, **BURST)
        one.hold_render = asyncio.Event()  # the first render lasts until the second worker ran
        running = asyncio.create_task(first.async_run())  # its start-up queues the project
        await asyncio.wait_for(one.rendering.wait(), 90)

        async with redis.asyncio.Redis.from_url(redis_url) as client:
            await client.flushdb()  # Redis restarted empty: the running job is forgotten
        second = build_worker(lambda: nullcontext(second_ctx), redis_settings, **BURST)
        # Its start-up finds the project running under a live lease and leaves it; should
        # anything queue it anyway (a double click, another start-up), its job finds the
        # lease held and ends without touching the project.
        queue = ArqQueue(await create_pool(redis_settings))
        assert await queue.enqueue(PRODUCE_SHORT, project_id, job_id=job_id, owner=OWNER)
        await queue.close()
        await second.async_run()
        assert not running.done()  # the first worker is still rendering
        assert (second.jobs_complete, second.jobs_failed) == (1, 0)
        one.hold_render.set()
        await running
        await first.close()
        await second.close()

        found = await rows(first_ctx, project_id)
    assert found.project.status is ProjectStatus.DONE
    assert found.project.attempts == 1
    assert len(found.videos()) == 1
    assert one.finished_ids + two.finished_ids == [project_id]
    assert two.updates == []  # the second worker's job found the lease held
    assert (second.jobs_complete, second.jobs_failed) == (1, 0)
