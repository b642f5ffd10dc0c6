"""The project lease: one conditional UPDATE each to take, renew, hand back or settle it.

A lease is `lease_owner` plus `heartbeat_at`; it has lapsed when nobody holds it or its
heartbeat is older than the cutoff (now - lease duration). Every change is a single
`UPDATE ... WHERE <expected state>` whose row count says whether it happened, so two
runners (two processes on one SQLite file, two arq workers) can never both win, on SQLite
and PostgreSQL alike. Queries never commit: the caller does.
"""

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, case, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.enums import UNFINISHED_STATUSES, ProjectStatus
from db.models import Project
from db.queries.conditional import update_one


def lapsed(cutoff: datetime, gone_owner: str | None = None) -> ColumnElement[bool]:
    """Nobody holds the lease, its heartbeat is older than `cutoff`, or its holder is gone."""
    free = or_(
        Project.lease_owner.is_(None),
        Project.heartbeat_at.is_(None),
        Project.heartbeat_at < cutoff,
    )
    return free if gone_owner is None else or_(free, Project.lease_owner == gone_owner)


async def _update(session: AsyncSession, *where: ColumnElement[bool], **values: Any) -> bool:
    return await update_one(session, Project, *where, **values)


async def claim_lease(
    session: AsyncSession,
    project_id: int,
    owner: str,
    *,
    now: datetime,
    cutoff: datetime,
    max_attempts: int,
    gone_owner: str | None = None,
) -> bool:
    """Take the lease of a queued or running project with attempts left; count the attempt
    and mark it running. False: finished, out of attempts, or someone else holds it."""
    return await _update(
        session,
        Project.id == project_id,
        Project.status.in_(UNFINISHED_STATUSES),
        Project.attempts < max_attempts,
        or_(lapsed(cutoff, gone_owner), Project.lease_owner == owner),
        lease_owner=owner,
        heartbeat_at=now,
        attempts=Project.attempts + 1,
        status=ProjectStatus.RUNNING,
    )


async def claim_delivery(
    session: AsyncSession,
    project_id: int,
    owner: str,
    *,
    now: datetime,
    cutoff: datetime,
    gone_owner: str | None = None,
) -> bool:
    """Take the lease of a finished project whose preview has not reached the person yet."""
    return await _update(
        session,
        Project.id == project_id,
        Project.status == ProjectStatus.DONE,
        Project.preview_sent_at.is_(None),
        lapsed(cutoff, gone_owner),
        lease_owner=owner,
        heartbeat_at=now,
    )


async def renew_lease(session: AsyncSession, project_id: int, owner: str, now: datetime) -> bool:
    """The heartbeat: False when `owner` no longer holds the lease."""
    return await _update(
        session, Project.id == project_id, Project.lease_owner == owner, heartbeat_at=now
    )


async def release_lease(session: AsyncSession, project_id: int, owner: str, **values: Any) -> bool:
    """Hand the lease back, setting `values` with it, if `owner` still holds it."""
    return await _update(
        session, Project.id == project_id, Project.lease_owner == owner, lease_owner=None, **values
    )


async def set_aside(session: AsyncSession, project_id: int, owner: str) -> bool:
    """The runner was stopped, not the project: queue it again and give the attempt back."""
    return await _update(
        session,
        Project.id == project_id,
        Project.lease_owner == owner,
        Project.status.in_(UNFINISHED_STATUSES),
        lease_owner=None,
        status=ProjectStatus.QUEUED,
        attempts=case((Project.attempts > 0, Project.attempts - 1), else_=0),
    )


async def requeue_lapsed(
    session: AsyncSession,
    project: Project,
    *,
    cutoff: datetime,
    gone_owner: str | None = None,
) -> bool:
    """A running project whose runner died: queued again (the lease cleared), if unchanged."""
    return await _update(
        session,
        Project.id == project.id,
        Project.status == ProjectStatus.RUNNING,
        Project.revision == project.revision,
        lapsed(cutoff, gone_owner),
        lease_owner=None,
        status=ProjectStatus.QUEUED,
    )


async def fail_unless_held(
    session: AsyncSession,
    project_id: int,
    *,
    holder: str | None,
    cutoff: datetime,
    gone_owner: str | None = None,
    **values: Any,
) -> bool:
    """End an unfinished project as failed with `values`: by its lease holder, or by anyone
    once the lease has lapsed (`holder` None)."""
    held = Project.lease_owner == holder if holder is not None else lapsed(cutoff, gone_owner)
    return await _update(
        session,
        Project.id == project_id,
        Project.status.in_(UNFINISHED_STATUSES),
        held,
        lease_owner=None,
        status=ProjectStatus.FAILED,
        **values,
    )


async def list_undelivered_previews(session: AsyncSession) -> Sequence[Project]:
    """Finished projects whose preview has not reached the person, oldest first."""
    statement = (
        select(Project)
        .where(Project.status == ProjectStatus.DONE, Project.preview_sent_at.is_(None))
        .order_by(Project.id)
    )
    return (await session.scalars(statement)).all()
