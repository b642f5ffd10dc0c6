"""The arq worker: the registered jobs, a JobCtx built at start-up, unfinished projects resumed.

Nothing connects or builds at import time; `python -m bot worker` calls `make_worker(...)`.

Interrupted jobs. On SIGTERM/SIGINT arq cancels the running job and puts it back in the queue
at once (`job_try` + 1); the job queues its project again and hands its lease back, so the next
worker resumes it, skipping the stages already done. After a hard kill (SIGKILL, power loss)
the job stays in Redis behind its in-progress key, which expires `backstop_s + 10` s later;
the project's lease lapses long before (`JOBS__LEASE_S`), and the reaper, a cron job here,
fails it and tells its owner, who can try again at once. Start-up re-enqueueing covers what
Redis no longer holds (a flushed or restarted Redis, or a crash between the project's commit
and its enqueue); the project's lease, not Redis, keeps one project from running twice.
"""

from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import AbstractAsyncContextManager, AsyncExitStack, asynccontextmanager
from typing import Any, cast

import structlog
from arq import Worker
from arq.connections import RedisSettings
from arq.cron import CronJob, cron
from arq.typing import WorkerCoroutine
from arq.worker import Function, func

from core.ports import Notifier
from core.settings import Settings
from jobs.arq_lanes import FairWorker
from jobs.queue import ArqQueue, enqueue_unfinished
from jobs.reaper import reap_projects
from jobs.registry import JOB_SPECS, JobSpec
from jobs.runtime import job_context
from pipeline.context import JobCtx
from storage.disk import Storage
from storage.factory import open_storage

log = structlog.get_logger(__name__)

CtxFactory = Callable[[], AbstractAsyncContextManager[JobCtx]]
# Given the process's storage (the preview is read from its working folder).
NotifierFactory = Callable[[Storage], AbstractAsyncContextManager[Notifier]]

CTX_FACTORY = "ctx_factory"  # in arq's ctx: what `startup` builds the JobCtx with
REAPER = "reap_projects"
MINUTE_S = 60
_RESOURCES = "ctx_resources"  # in arq's ctx: what `shutdown` disposes of


def _entry(spec: JobSpec) -> WorkerCoroutine:
    async def run(ctx: dict[Any, Any], *ids: Any, **_: Any) -> None:
        await spec.run(cast(JobCtx, ctx), *ids)

    run.__qualname__ = spec.name
    return run


async def reap(ctx: dict[Any, Any]) -> None:
    """arq cron job: one pass of the reaper (`jobs.reaper.reap_projects`)."""
    await reap_projects(cast(JobCtx, ctx), ArqQueue(ctx["redis"]))


def reaper_cron(interval_s: int) -> CronJob:
    """The reaper every `interval_s` (rounded to what a cron schedule can say). arq runs each
    tick once across all workers: its job ID is the tick's time."""
    if interval_s < MINUTE_S:
        second = set(range(0, MINUTE_S, interval_s))
        return cron(reap, name=REAPER, second=second, timeout=MINUTE_S * 5)
    minute = set(range(0, MINUTE_S, max(1, interval_s // MINUTE_S)))
    return cron(reap, name=REAPER, minute=minute, second=0, timeout=MINUTE_S * 5)


def worker_functions(specs: Mapping[str, JobSpec] = JOB_SPECS) -> list[Function]:
    """arq `func(...)` objects for the registered jobs, with their tries, timeout and keep."""
    return [
        func(
            _entry(spec),
            name=spec.name,
            max_tries=spec.max_tries,
            timeout=spec.backstop_s,
            keep_result=spec.keep_result_s,
        )
        for spec in specs.values()
    ]


async def startup(ctx: dict[Any, Any]) -> None:
    """arq `on_startup`: build the JobCtx into arq's ctx, then re-enqueue unfinished projects."""
    resources = AsyncExitStack()
    try:
        job_ctx = await resources.enter_async_context(ctx[CTX_FACTORY]())
        ctx.update(job_ctx)
        await enqueue_unfinished(job_ctx, ArqQueue(ctx["redis"]))
    except BaseException:
        await resources.aclose()
        raise
    ctx[_RESOURCES] = resources


async def shutdown(ctx: dict[Any, Any]) -> None:
    """arq `on_shutdown`: dispose of what `startup` built (engine, notifier)."""
    resources: AsyncExitStack | None = ctx.pop(_RESOURCES, None)
    if resources is not None:
        await resources.aclose()


def build_worker(
    ctx_factory: CtxFactory,
    redis_settings: RedisSettings,
    *,
    specs: Mapping[str, JobSpec] = JOB_SPECS,
    concurrency: int = 1,
    reaper_interval_s: int = 60,
    **options: Any,
) -> Worker:
    """An arq Worker whose jobs get the JobCtx `ctx_factory` yields; it admits the owners'
    waiting jobs in turn (`jobs.arq_lanes.FairWorker`) and runs the reaper as a cron job
    (not in a burst worker, which only drains the queue and stops).

    `options` go to `arq.Worker` (`burst`, `poll_delay`, `handle_signals`, ...).
    """
    burst = bool(options.get("burst"))
    return FairWorker(
        functions=worker_functions(specs),
        cron_jobs=None if burst else [reaper_cron(reaper_interval_s)],
        redis_settings=redis_settings,
        on_startup=startup,
        on_shutdown=shutdown,
        ctx={CTX_FACTORY: ctx_factory},
        max_jobs=concurrency,
        allow_abort_jobs=True,  # ArqQueue.cancel: a user's data is deleted (/delete_my_data)
        **options,
    )


def make_worker(
    settings: Settings,
    notifier_factory: NotifierFactory,
    redis_settings: RedisSettings,
    **options: Any,
) -> Worker:
    """The production worker: `make_worker(settings, bot_notifier, redis).run()`.

    `notifier_factory(storage)` is entered at start-up and exited at shutdown (e.g. it opens
    and closes the Bot's session). The schema is migrated by the migrations service, not here.
    """

    @asynccontextmanager
    async def ctx_factory() -> AsyncIterator[JobCtx]:
        async with (
            open_storage(settings.storage) as storage,
            notifier_factory(storage) as notifier,
            job_context(settings, notifier, migrate=False, storage=storage) as ctx,
        ):
            yield ctx

    return build_worker(
        ctx_factory,
        redis_settings,
        concurrency=settings.render.concurrency,
        reaper_interval_s=settings.jobs.reaper_interval_s,
        **options,
    )
