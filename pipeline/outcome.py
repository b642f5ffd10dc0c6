"""How a project ends for the person: failed with a message, or its preview delivered.

Both run in a session of their own (the job's may be broken, or gone with a cancelled task)
and both are conditional on the lease, so a runner that lost its project changes nothing.
"""

import asyncio
from collections.abc import Awaitable
from datetime import datetime
from typing import TypeVar

import structlog

from core.enums import StageStatus
from core.errors import DomainError
from db.base import utcnow
from db.queries import leases, projects, stages
from pipeline.context import JobCtx
from pipeline.lease import cutoff, holder_is_gone

log = structlog.get_logger(__name__)
T = TypeVar("T")


async def shielded(work: Awaitable[T]) -> T:
    """Finish `work` even if the caller is cancelled meanwhile (a job timeout, a shutdown)."""
    return await asyncio.shield(asyncio.ensure_future(work))


async def fail_project(
    ctx: JobCtx,
    project_id: int,
    error: DomainError,
    *,
    holder: str | None,
    now: datetime | None = None,
) -> bool:
    """Mark the project failed with `error` and tell the person; False if not ours to end.

    `holder` is the lease the caller holds; None ends it only if its lease has lapsed by
    `now` (the reaper, or a project out of attempts).
    """
    now = now or utcnow()
    async with ctx["sessionmaker"]() as session:
        project = await projects.get_project_for_job(session, project_id)
        if project is None:
            return False
        owner = project.lease_owner
        gone = owner if holder is None and holder_is_gone(owner) else None
        ended = await leases.fail_unless_held(
            session,
            project_id,
            holder=holder,
            cutoff=cutoff(ctx["settings"].jobs, now),
            gone_owner=gone,
            error_key=error.key,
            error=str(error),
        )
        if not ended:
            await session.rollback()
            return False
        stage = project.stage
        run = await stages.get_stage_run(session, project_id, stage) if stage else None
        if run is not None and run.status is StageStatus.RUNNING:
            stages.fail_stage(run, str(error))
        await session.commit()
    log.warning("project.failed", project_id=project_id, failure=error.key, error=str(error))
    await ctx["notifier"].failed(project_id, error.key, error.params)
    return True


async def deliver_preview(ctx: JobCtx, project_id: int, owner: str) -> bool:
    """Send the finished Short's preview under `owner`'s lease, record it, hand the lease
    back. False: Telegram did not take it; the reaper sends it later."""
    sent = False
    try:
        sent = await ctx["notifier"].finished(project_id)
    finally:
        await shielded(_hand_back(ctx, project_id, owner, sent=sent))
    if not sent:
        log.warning("preview.not_sent", project_id=project_id)
    return sent


async def _hand_back(ctx: JobCtx, project_id: int, owner: str, *, sent: bool) -> None:
    values = {"preview_sent_at": utcnow()} if sent else {}
    async with ctx["sessionmaker"]() as session:
        await leases.release_lease(session, project_id, owner, **values)
        await session.commit()
