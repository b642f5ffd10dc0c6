"""The metrics collection job, on the `io` queue, and its periodic tick: one pass every
`JOBS__METRICS_INTERVAL_S`, one at a time (the job's ID is fixed, so a tick that comes while
a pass still runs queues nothing)."""

import aiohttp
import structlog

from core.ports import JobQueue
from db.base import utcnow
from jobs.publish_wiring import credentials_for
from pipeline.context import JobCtx
from publishers.registry import metrics_readers
from services.metrics_collection import COLLECT_METRICS, collect_due_metrics

log = structlog.get_logger(__name__)

# One read is a small GET; a platform that does not answer in time is skipped this pass.
HTTP_TIMEOUT = aiohttp.ClientTimeout(total=60, sock_connect=15, sock_read=30)
SYSTEM_OWNER = 0  # the pass is everyone's: it takes its turn as no user's job


async def collect_metrics(ctx: JobCtx) -> None:
    """One collection pass at the current time."""
    settings = ctx["settings"]
    async with aiohttp.ClientSession(timeout=HTTP_TIMEOUT) as http:
        report = await collect_due_metrics(
            ctx["sessionmaker"],
            readers=metrics_readers(settings.publishers),
            http=http,
            credentials=credentials_for(ctx["sessionmaker"], settings, http),
            settings=settings.metrics,
            interval_s=settings.jobs.metrics_interval_s,
            now=utcnow(),
        )
    log.info("metrics.collected", read=report.read, snapshots=report.snapshots)


async def queue_metrics(ctx: JobCtx, queue: JobQueue) -> bool:
    """The periodic tick: queue a pass unless one is queued or running."""
    del ctx
    return await queue.enqueue(COLLECT_METRICS, job_id=COLLECT_METRICS, owner=SYSTEM_OWNER)
