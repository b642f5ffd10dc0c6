"""Whatever a job raises, its project ends failed with a message (never stuck running):
through LocalQueue and a real arq worker, on real PostgreSQL and Redis."""

import errno
import sqlite3
from typing import Any

import pytest
from arq import ArqRedis
from arq.connections import RedisSettings
from PIL import Image
from queue_support import OWNER, FailingWriter, RecordingNotifier, VirtualTime, queue_project, rows
from sqlalchemy.exc import OperationalError
from test_arq_worker import BURST, provide

from core.enums import ProjectStatus, StageName
from core.settings import JobsSettings, Settings
from jobs.periodic import periodic_specs
from jobs.queue import ArqQueue, LocalQueue
from jobs.registry import JobSpec, QueueName
from jobs.worker import build_worker, make_workers, periodic_cron
from pipeline.context import JobCtx
from pipeline.produce import produce_short
from services.production import PRODUCE_SHORT, project_job_id

pytestmark = [
    pytest.mark.filterwarnings("ignore:Call to deprecated close:DeprecationWarning"),
]

LOCKED = OperationalError("UPDATE projects", {}, sqlite3.OperationalError("database is locked"))
FAILURES = [
    (OSError(errno.ENOSPC, "No space left on device"), "error-disk-full", 1),
    (LOCKED, "error-database-busy", 3),  # transient: every try is used, the last one fails
    (Image.DecompressionBombError("Image size exceeds limit"), "error-image-too-large", 1),
    (KeyError("scene"), "error-internal", 1),
]
IDS = ["disk-full", "database-locked", "decompression-bomb", "bug"]


async def _failed(ctx: JobCtx, notifier: RecordingNotifier, project_id: int, key: str) -> None:
    project = (await rows(ctx, project_id)).project
    assert (project.status, project.stage, project.error_key) == (
        ProjectStatus.FAILED,
        StageName.SCRIPT,
        key,
    )
    assert project.lease_owner is None
    assert [(pid, k) for pid, k, _ in notifier.failures] == [(project_id, key)]
    assert notifier.finished_ids == []


@pytest.mark.parametrize(("error", "key", "tries"), FAILURES, ids=IDS)
async def test_any_exception_fails_the_project_in_a_local_queue(
    job_ctx: JobCtx, notifier: RecordingNotifier, error: Exception, key: str, tries: int
) -> None:
    time, writer = VirtualTime(), FailingWriter(error)
    project_id = await queue_project(job_ctx)
    queue = LocalQueue({**job_ctx, "providers": _providers(job_ctx, writer)}, sleep=time.sleep)

    await queue.enqueue(
        PRODUCE_SHORT, project_id, job_id=project_job_id(project_id, 0), owner=OWNER
    )
    await queue.join()

    assert writer.calls == tries
    assert (queue.jobs_retried, queue.jobs_complete) == (tries - 1, 1)
    await _failed(job_ctx, notifier, project_id, key)


@pytest.mark.parametrize(("error", "key", "tries"), FAILURES, ids=IDS)
async def test_any_exception_fails_the_project_in_an_arq_worker(  # noqa: PLR0917
    job_ctx: JobCtx,
    notifier: RecordingNotifier,
    redis_settings: RedisSettings,
    arq_redis: ArqRedis,
    error: Exception,
    key: str,
    tries: int,
) -> None:
    # The last try: a transient error has no try left either (earlier tries are arq's retry,
    # which would make a burst worker wait out its 10 s and 20 s defers).
    writer = FailingWriter(error)
    project_id = await queue_project(job_ctx)
    ctx = {**job_ctx, "providers": _providers(job_ctx, writer)}
    job_id = project_job_id(project_id, 0)
    await arq_redis.enqueue_job(PRODUCE_SHORT, project_id, _job_id=job_id, _job_try=tries)
    worker = build_worker(provide(ctx), redis_settings, **BURST)

    await worker.async_run()
    await worker.close()

    assert writer.calls == 1
    assert (worker.jobs_complete, worker.jobs_failed, worker.jobs_retried) == (1, 0, 0)
    await _failed(job_ctx, notifier, project_id, key)


def _providers(ctx: JobCtx, writer: FailingWriter) -> Any:
    return type(ctx["providers"])(writer=writer, synth=ctx["providers"].synth)


async def test_a_job_timeout_cancels_the_job_and_fails_the_project(
    job_ctx: JobCtx, notifier: RecordingNotifier
) -> None:
    # The job's own timeout cancels it: the cancelled job still commits FAILED (a fresh,
    # shielded session) before the queue's backstop would strike.
    writer = FailingWriter(None)  # hangs
    project_id = await queue_project(job_ctx)
    specs = {PRODUCE_SHORT: JobSpec(PRODUCE_SHORT, produce_short, timeout_s=0.5)}
    queue = LocalQueue({**job_ctx, "providers": _providers(job_ctx, writer)}, specs=specs)

    await queue.enqueue(
        PRODUCE_SHORT, project_id, job_id=project_job_id(project_id, 0), owner=OWNER
    )
    await queue.join()

    assert (queue.jobs_failed, queue.jobs_complete) == (1, 0)
    await _failed(job_ctx, notifier, project_id, "error-job-timeout")


async def test_an_arq_job_timeout_fails_the_project(
    job_ctx: JobCtx,
    notifier: RecordingNotifier,
    redis_settings: RedisSettings,
    arq_redis: ArqRedis,
) -> None:
    writer = FailingWriter(None)  # hangs
    project_id = await queue_project(job_ctx)
    ctx = {**job_ctx, "providers": _providers(job_ctx, writer)}
    specs = {PRODUCE_SHORT: JobSpec(PRODUCE_SHORT, produce_short, timeout_s=0.5)}
    await ArqQueue(arq_redis).enqueue(
        PRODUCE_SHORT, project_id, job_id=project_job_id(project_id, 0), owner=OWNER
    )
    worker = build_worker(provide(ctx), redis_settings, specs=specs, **BURST)

    await worker.async_run()
    await worker.close()

    assert (worker.jobs_failed, worker.jobs_complete, worker.jobs_retried) == (1, 0, 0)
    await _failed(job_ctx, notifier, project_id, "error-job-timeout")


async def test_past_arqs_max_tries_the_reaper_fails_the_project(
    job_ctx: JobCtx,
    notifier: RecordingNotifier,
    redis_settings: RedisSettings,
    arq_redis: ArqRedis,
) -> None:
    # arq refuses a job past its max tries without calling it (here: stopped three times
    # mid-run, each stop queuing the project again): only the reaper can end the project.
    project_id = await queue_project(job_ctx)
    job_id = project_job_id(project_id, 0)
    await arq_redis.enqueue_job(PRODUCE_SHORT, project_id, _job_id=job_id, _job_try=4)
    worker = build_worker(provide(job_ctx), redis_settings, **BURST)
    await worker.async_run()
    assert (worker.jobs_failed, worker.jobs_complete) == (1, 0)
    assert (await rows(job_ctx, project_id)).project.status is ProjectStatus.QUEUED

    reaper, *_others = periodic_specs(job_ctx["settings"].jobs)
    await periodic_cron(reaper).coroutine({**job_ctx, "redis": arq_redis})  # the cron job
    await worker.close()

    project = (await rows(job_ctx, project_id)).project
    assert (project.status, project.error_key) == (ProjectStatus.FAILED, "error-project-stalled")
    assert [(pid, key) for pid, key, _ in notifier.failures] == [
        (project_id, "error-project-stalled")
    ]


async def test_the_io_worker_runs_the_reaper_as_a_cron_job(
    job_ctx: JobCtx, redis_settings: RedisSettings
) -> None:
    settings = Settings(jobs=JobsSettings(reaper_interval_s=120))

    io, render = make_workers(settings, job_ctx, redis_settings)
    (burst,) = make_workers(settings, job_ctx, redis_settings, [QueueName.RENDER], burst=True)
    (alone,) = make_workers(settings, job_ctx, redis_settings, [QueueName.RENDER])

    cron_job, scheduler, batches, reminders, hooks, digests, metrics = io.cron_jobs
    assert (io.queue_name, render.queue_name) == ("arq:queue:io", "arq:queue")
    assert (cron_job.name, scheduler.name) == ("reap_projects", "queue_publications")
    assert (batches.name, batches.second) == ("report_batches", 0)  # with the reaper
    assert (cron_job.minute, cron_job.second, cron_job.unique) == (set(range(0, 60, 2)), 0, True)
    assert (scheduler.second, scheduler.unique) == ({0, 30}, True)  # every 30 s by default
    assert (reminders.name, reminders.minute, reminders.second) == ("remind_renewals", {0}, 0)
    assert (hooks.name, hooks.second) == ("queue_webhooks", {0, 30})  # with the scheduler
    assert (digests.name, digests.minute, digests.second) == ("send_weekly_digests", {0}, 0)
    assert (metrics.name, metrics.minute, metrics.second) == (
        "queue_metrics",
        {0, 10, 20, 30, 40, 50},
        0,
    )
    assert render.cron_jobs == []  # one worker per process enqueues the ticks
    assert burst.cron_jobs == []  # a burst worker drains the queue and stops
    assert [job.name for job in alone.cron_jobs] == [
        "reap_projects", "queue_publications", "report_batches", "remind_renewals",
        "queue_webhooks", "send_weekly_digests", "queue_metrics",
    ]  # fmt: skip
