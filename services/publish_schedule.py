"""The scheduler's pass, run by a periodic tick on every worker (and in embedded mode):
queue the publications that are due, and those whose job was lost.

Schedules live in the database, so they survive a restart of every process; the tick only
reads them. APScheduler would keep a second copy of each schedule in its own job store; a
periodic pass over the rows (arq cron in production, an asyncio task embedded) keeps one.
"""

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from core.enums import PublicationState
from core.ports import JobQueue
from db.base import utcnow
from db.queries import publications
from pipeline.lease import holder_is_gone
from publishers.errors import UserMustConfirm
from services.publishing import enqueue_publication, publish_job_id

log = structlog.get_logger(__name__)

BATCH = 200  # rows per pass; the next pass takes the rest


async def queue_due_publications(
    session: AsyncSession, queue: JobQueue, *, batch: int = BATCH
) -> int:
    """Queue due scheduled publications of active accounts, and runnable ones nobody runs.
    Returns how many were queued."""
    now = utcnow()
    queued = []
    for publication in await publications.due_scheduled(session, now, batch):
        publication.state, publication.error_key = PublicationState.QUEUED, None
        queued.append(publication)
    await session.commit()
    for publication in queued:
        await enqueue_publication(queue, publication)
    lost = 0
    stalled = await publications.stalled(session, now, batch, waiting_key=UserMustConfirm.key)
    for publication in stalled:
        held = publication.lease_until is not None and publication.lease_until >= now
        if held and not holder_is_gone(publication.lease_owner):
            continue  # its runner lives
        if await queue.is_pending(publish_job_id(publication)):
            continue
        lost += await enqueue_publication(queue, publication)
    if queued or lost:
        log.info("publish.tick", due=len(queued), requeued=lost)
    return len(queued) + lost
