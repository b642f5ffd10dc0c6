"""The arq workers: one per queue served, the registered jobs, the periodic ticks as cron
jobs, a JobCtx built at start-up. Nothing connects or builds at import time; `python -m jobs`
(`jobs.__main__`) builds them with `make_workers(...)`.

Interrupted jobs. On SIGTERM/SIGINT arq cancels the running job and puts it back in the queue
at once (`job_try` + 1); the job queues its project again and hands its lease back, so the next
worker resumes it, skipping the stages already done. After a hard kill (SIGKILL, power loss)
the job stays in Redis behind its in-progress key, which would expire `backstop_s + 10` s
later. The reaper, a periodic tick, sees the runner lost first (its process gone from this
machine at once, or its lease lapsed after `JOBS__LEASE_S` from another): it queues the
project again and reclaims the job (`ArqQueue.reclaim` drops that key), so the next poll
resumes it; out of attempts, it fails it and tells its owner. Start-up re-enqueueing covers what
Redis no longer holds (a flushed or restarted Redis, or a crash between the project's commit
and its enqueue); the project's lease, not Redis, keeps one project from running twice.
"""

import asyncio
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager, AsyncExitStack, nullcontext
from typing import Any, cast

import structlog
from arq import Worker
from arq.connections import RedisSettings
from arq.cron import CronJob, cron
from arq.typing import WorkerCoroutine
from arq.worker import Function, func

from core.settings import Settings
from jobs.arq_lanes import FairWorker
from jobs.arq_queue import ARQ_QUEUES, ArqQueue
from jobs.periodic import PeriodicSpec, periodic_specs
from jobs.reaper import enqueue_unfinished
from jobs.registry import JOB_SPECS, JobSpec, QueueName
from pipeline.context import JobCtx

log = structlog.get_logger(__name__)

CtxFactory = Callable[[], AbstractAsyncContextManager[JobCtx]]

CTX_FACTORY = "ctx_factory"  # in arq's ctx: what `startup` builds the JobCtx with
RESUME = "resume"  # in arq's ctx: whether `startup` queues the unfinished projects
MINUTE_S = 60
_RESOURCES = "ctx_resources"  # in arq's ctx: what `shutdown` disposes of


def _entry(spec: JobSpec) -> WorkerCoroutine:
    async def run(ctx: dict[Any, Any], *ids: Any, **_: Any) -> None:
        await spec.run(cast(JobCtx, ctx), *ids)

    run.__qualname__ = spec.name
    return run


def periodic_cron(spec: PeriodicSpec) -> CronJob:
    """`spec` every `every_s` (rounded to what a cron schedule can say). arq runs each tick
    once across all workers: its job ID is the tick's time."""

    async def tick(ctx: dict[Any, Any]) -> None:
        await spec.coroutine(cast(JobCtx, ctx), ArqQueue(ctx["redis"]))

    tick.__qualname__ = spec.name
    every, timeout = spec.every_s, spec.timeout_s
    if every < MINUTE_S:
        second = set(range(0, MINUTE_S, every))
        return cron(tick, name=spec.name, second=second, timeout=timeout)
    minute = set(range(0, MINUTE_S, max(1, every // MINUTE_S)))
    return cron(tick, name=spec.name, minute=minute, second=0, timeout=timeout)


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
        if ctx[RESUME]:
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


async def close_worker(worker: Worker) -> None:
    """Close a stopped worker: its pool, its `on_shutdown`. arq's `close()` re-raises the
    cancellation of the jobs a signal stopped and then skips both, so those jobs are awaited
    (each put back in the queue) and forgotten first."""
    await asyncio.gather(*worker.tasks.values(), return_exceptions=True)
    worker.tasks.clear()
    await worker.close()


def build_worker(
    ctx_factory: CtxFactory,
    redis_settings: RedisSettings,
    *,
    queue: QueueName = QueueName.RENDER,
    specs: Mapping[str, JobSpec] = JOB_SPECS,
    concurrency: int = 1,
    owner_cap: int = 0,
    periodic: Sequence[PeriodicSpec] = (),
    resume: bool = True,
    **options: Any,
) -> Worker:
    """An arq Worker for one queue whose jobs get the JobCtx `ctx_factory` yields; it admits
    the owners' waiting jobs in turn, holding an owner to `owner_cap` per unit of weight while
    others wait (`jobs.arq_lanes.FairWorker`; 0: no cap), queues the unfinished
    projects at start-up when `resume`, and runs the `periodic` ticks as cron jobs (not in a
    burst worker, which only drains the queue and stops).

    `options` go to `arq.Worker` (`burst`, `poll_delay`, `handle_signals`, ...).
    """
    burst = bool(options.get("burst"))
    return FairWorker(
        functions=worker_functions(specs),
        queue_name=ARQ_QUEUES[queue],
        cron_jobs=None if burst else [periodic_cron(spec) for spec in periodic],
        redis_settings=redis_settings,
        on_startup=startup,
        on_shutdown=shutdown,
        ctx={CTX_FACTORY: ctx_factory, RESUME: resume},
        max_jobs=concurrency,
        owner_cap=owner_cap,
        allow_abort_jobs=True,  # ArqQueue.cancel: a user's data is deleted (/delete_my_data)
        **options,
    )


def make_workers(
    settings: Settings,
    ctx: JobCtx,
    redis_settings: RedisSettings,
    queues: Sequence[QueueName] = tuple(QueueName),
    **options: Any,
) -> list[Worker]:
    """The production workers, one per queue in `queues`, sharing `ctx` (the caller builds
    it and disposes of it, and queues the unfinished projects first). The periodic ticks run
    in the first worker, `io` when served: a tick never waits behind renders."""
    slots = {
        QueueName.RENDER: settings.jobs.render_concurrency,
        QueueName.IO: settings.jobs.io_concurrency,
    }
    ordered = sorted(set(queues), key=lambda queue: queue is not QueueName.IO)
    return [
        build_worker(
            lambda: nullcontext(ctx),
            redis_settings,
            queue=queue,
            concurrency=slots[queue],
            # The same on every render worker: the cap counts across all of them.
            owner_cap=settings.jobs.max_renders_per_user if queue is QueueName.RENDER else 0,
            periodic=periodic_specs(settings.jobs) if n == 0 else (),
            resume=False,
            **options,
        )
        for n, queue in enumerate(ordered)
    ]
