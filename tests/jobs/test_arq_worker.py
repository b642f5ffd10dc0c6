"""ArqQueue and the arq worker on real Redis, real PostgreSQL/SQLite and real ffmpeg."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, nullcontext
from typing import Any

import pytest
from arq import ArqRedis, create_pool
from arq.connections import RedisSettings
from arq.jobs import Job, JobStatus
from pydantic import SecretStr
from queue_support import OWNER, RecordingNotifier, queue_project, rows

from core.enums import STAGE_ORDER, ProjectStatus, StageName
from core.settings import DbSettings, JobsSettings, Settings
from core.settings import RedisSettings as RedisUrl
from jobs.__main__ import serve
from jobs.queue import ArqQueue
from jobs.registry import QueueName
from jobs.runtime import job_context
from jobs.worker import CtxFactory, build_worker, make_workers
from pipeline.context import JobCtx
from services.production import PRODUCE_SHORT, enqueue_short, project_job_id

pytestmark = [
    # arq 0.28's Worker.close() still calls redis-py's deprecated `close()`.
    pytest.mark.filterwarnings("ignore:Call to deprecated close:DeprecationWarning"),
]
# A burst worker polls Redis in a loop while a job runs; a short delay (not arq's 0) keeps
# that loop from taking a core away from ffmpeg.
BURST: dict[str, Any] = {"burst": True, "poll_delay": 0.05, "handle_signals": False}


def provide(ctx: JobCtx) -> CtxFactory:
    """The test's JobCtx (on its rolled-back transaction) in place of `job_context`."""

    @asynccontextmanager
    async def factory() -> AsyncIterator[JobCtx]:
        yield ctx

    return factory


async def test_the_same_job_id_is_refused_while_queued(redis_settings: RedisSettings) -> None:
    queue = ArqQueue(await create_pool(redis_settings))
    try:
        assert await queue.enqueue(PRODUCE_SHORT, 5, job_id=project_job_id(5, 0), owner=OWNER)
        assert not await queue.enqueue(PRODUCE_SHORT, 5, job_id=project_job_id(5, 0), owner=OWNER)
        assert await queue.enqueue(
            PRODUCE_SHORT, 5, job_id=project_job_id(5, 1), owner=OWNER
        )  # a redo
    finally:
        await queue.close()


@pytest.mark.render
@pytest.mark.timeout(180)
async def test_a_burst_worker_makes_the_short(
    job_ctx: JobCtx,
    notifier: RecordingNotifier,
    redis_settings: RedisSettings,
    arq_redis: ArqRedis,
) -> None:
    project_id = await queue_project(job_ctx)
    assert await enqueue_short(ArqQueue(arq_redis), project_id, revision=0, owner=OWNER)
    worker = build_worker(provide(job_ctx), redis_settings, **BURST)

    await worker.async_run()
    await worker.close()

    assert (worker.jobs_complete, worker.jobs_failed, worker.jobs_retried) == (1, 0, 0)
    found = await rows(job_ctx, project_id)
    assert found.project.status is ProjectStatus.DONE
    assert len(found.videos()) == 1
    assert notifier.finished_ids == [project_id]


@pytest.mark.render
@pytest.mark.timeout(240)
async def test_a_worker_stopped_mid_render_hands_the_short_to_the_next_once(
    job_ctx: JobCtx,
    notifier: RecordingNotifier,
    redis_settings: RedisSettings,
    arq_redis: ArqRedis,
) -> None:
    project_id = await queue_project(job_ctx)
    job_id = project_job_id(project_id, 0)
    await ArqQueue(arq_redis).enqueue(PRODUCE_SHORT, project_id, job_id=job_id, owner=OWNER)
    first = build_worker(provide(job_ctx), redis_settings, **BURST)
    running = asyncio.create_task(first.async_run())
    await asyncio.wait_for(notifier.rendering.wait(), 90)

    # What SIGTERM does: arq cancels the job (ffmpeg is stopped) and, since the job was
    # cancelled rather than failed, leaves it in the queue with no in-progress key, so the
    # next worker takes it at once. (After a SIGKILL the in-progress key would block it for
    # `timeout_s + 10` s; see pipeline/worker.py.)
    await first.close()
    with pytest.raises(asyncio.CancelledError):
        await running
    killed = await rows(job_ctx, project_id)
    # A stopped runner queues its project again and hands its lease back.
    assert (killed.project.status, killed.project.lease_owner) == (ProjectStatus.QUEUED, None)
    assert killed.project.stage is StageName.RENDER
    assert set(killed.done_started()) == set(STAGE_ORDER) - {StageName.RENDER}
    assert killed.videos() == []
    assert (first.jobs_retried, first.jobs_complete) == (1, 0)
    assert await Job(job_id, arq_redis).status() is JobStatus.queued

    # The second worker's start-up re-enqueue is refused (same job ID, still queued), so the
    # project runs once more, as arq's second try of the same job.
    second = build_worker(provide(job_ctx), redis_settings, **BURST)
    await second.async_run()
    await second.close()

    assert (second.jobs_complete, second.jobs_failed) == (1, 0)
    result = await Job(job_id, arq_redis).result_info()
    assert result is not None
    assert (result.success, result.job_try) == (True, 2)
    done = await rows(job_ctx, project_id)
    assert done.project.status is ProjectStatus.DONE
    assert {s: t for s, t in done.done_started().items() if s in killed.done_started()} == (
        killed.done_started()
    )
    assert len(done.videos()) == 1
    assert notifier.finished_ids == [project_id]


@pytest.mark.render
@pytest.mark.timeout(240)
async def test_the_jobs_root_resumes_a_project_redis_never_had(
    settings: Settings,
    sqlite_url: str,
    redis_url: str,
    notifier: RecordingNotifier,
) -> None:
    # A crash between the project's commit and its enqueue, or a Redis restarted empty: only
    # the database knows. The workers' start-up finds the project and queues it.
    settings = settings.model_copy(
        update={
            "db": DbSettings(url=SecretStr(sqlite_url)),
            "redis": RedisUrl(url=SecretStr(redis_url)),
        }
    )
    async with job_context(settings, notifier) as ctx:  # migrates the new SQLite file
        project_id = await queue_project(ctx)

    await serve(settings, lambda _s, _f: nullcontext(notifier), tuple(QueueName), **BURST)

    async with job_context(settings, notifier, migrate=False) as ctx:
        found = await rows(ctx, project_id)
    assert found.project.status is ProjectStatus.DONE
    assert len(found.videos()) == 1
    assert notifier.finished_ids == [project_id]


async def test_each_queue_runs_as_many_jobs_at_once_as_configured(
    job_ctx: JobCtx, redis_settings: RedisSettings
) -> None:
    settings = Settings(jobs=JobsSettings(render_concurrency=3, io_concurrency=7))

    io, render = make_workers(settings, job_ctx, redis_settings)

    assert (render.queue_name, render.max_jobs) == ("arq:queue", 3)
    assert (io.queue_name, io.max_jobs) == ("arq:queue:io", 7)
