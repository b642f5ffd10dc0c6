"""The periodic pass that finishes batches whose end was never reported: the process that
ran the last Short died before its report, or Telegram refused the summary. It reports
through the notifier as the last Short would have (the batch's notifier sends the summary
once: a conditional update guards it)."""

from datetime import timedelta

import structlog

from core.ports import JobQueue
from db.base import utcnow
from pipeline.context import JobCtx
from services.batch_reports import unreported_batches

log = structlog.get_logger(__name__)
GRACE = timedelta(seconds=30)  # a report of the last Short may be under way


async def report_batches(ctx: JobCtx, queue: JobQueue) -> int:
    """Report each batch that ended unreported; return how many."""
    del queue
    async with ctx["sessionmaker"]() as session:
        project_ids = await unreported_batches(session, now=utcnow(), grace=GRACE)
    for project_id in project_ids:
        log.info("batch.report_resumed", project_id=project_id)
        await ctx["notifier"].finished(project_id)
    return len(project_ids)
