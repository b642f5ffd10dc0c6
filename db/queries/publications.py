"""Publications: reads scoped by user, and the lease that lets one runner at a time act on
one (a conditional UPDATE, as the project lease). Queries never commit: the caller does."""

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.enums import AccountStatus, PublicationState
from db.models.publication import Publication
from db.models.social_account import SocialAccount
from db.queries.conditional import update_one

# States a job may act on; SCHEDULED waits for the scheduler, the rest are final.
RUNNABLE: tuple[PublicationState, ...] = (
    PublicationState.QUEUED,
    PublicationState.UPLOADING,
    PublicationState.PROCESSING,
    PublicationState.PUBLISH_ATTEMPTED,
    PublicationState.OUTCOME_UNKNOWN,
)


async def get_publication(
    session: AsyncSession, publication_id: int, user_id: int | None = None
) -> Publication | None:
    """The publication; with `user_id`, only if it is that user's."""
    query = select(Publication).where(Publication.id == publication_id)
    if user_id is not None:
        query = query.where(Publication.user_id == user_id)
    return (await session.execute(query)).scalar_one_or_none()


async def list_for_project(
    session: AsyncSession, user_id: int, project_id: int
) -> Sequence[Publication]:
    query = (
        select(Publication)
        .where(Publication.user_id == user_id, Publication.project_id == project_id)
        .order_by(Publication.id)
    )
    return (await session.execute(query)).scalars().all()


async def live_for_accounts(
    session: AsyncSession, project_id: int, account_ids: Sequence[int]
) -> Sequence[Publication]:
    """The project's publications to these accounts that are not cancelled."""
    query = select(Publication).where(
        Publication.project_id == project_id,
        Publication.account_id.in_(account_ids),
        Publication.state != PublicationState.CANCELLED,
    )
    return (await session.execute(query)).scalars().all()


async def next_repost(session: AsyncSession, project_id: int, account_id: int) -> int:
    query = select(func.coalesce(func.max(Publication.repost), -1)).where(
        Publication.project_id == project_id, Publication.account_id == account_id
    )
    return int((await session.execute(query)).scalar_one()) + 1


def _lapsed(now: datetime, owner: str, gone_owner: str | None) -> ColumnElement[bool]:
    free = or_(
        Publication.lease_owner.is_(None),
        Publication.lease_until.is_(None),
        Publication.lease_until < now,
        Publication.lease_owner == owner,
    )
    return free if gone_owner is None else or_(free, Publication.lease_owner == gone_owner)


async def _update(session: AsyncSession, *where: ColumnElement[bool], **values: Any) -> bool:
    return await update_one(session, Publication, *where, **values)


async def claim(
    session: AsyncSession,
    publication_id: int,
    owner: str,
    *,
    now: datetime,
    until: datetime,
    gone_owner: str | None = None,
) -> bool:
    """Take the lease of a runnable publication and count the try; False when it is not
    runnable or another runner holds it (`gone_owner`: a holder known to be dead)."""
    return await _update(
        session,
        Publication.id == publication_id,
        Publication.state.in_(RUNNABLE),
        _lapsed(now, owner, gone_owner),
        lease_owner=owner,
        lease_until=until,
        tries=Publication.tries + 1,
    )


async def write_held(
    session: AsyncSession, publication_id: int, owner: str, *, until: datetime, **values: Any
) -> bool:
    """Write `values` (and renew the lease) only while `owner` holds it: a runner that lost
    its lease learns it here, before its next call to the platform."""
    return await _update(
        session,
        Publication.id == publication_id,
        Publication.lease_owner == owner,
        lease_until=until,
        **values,
    )


async def release(session: AsyncSession, publication_id: int, owner: str) -> None:
    await _update(
        session,
        Publication.id == publication_id,
        Publication.lease_owner == owner,
        lease_owner=None,
        lease_until=None,
    )


async def due_scheduled(session: AsyncSession, now: datetime, limit: int) -> Sequence[Publication]:
    """Due scheduled publications of active accounts, oldest first (held ones, of accounts
    that need reconnecting, would otherwise fill every batch)."""
    query = (
        select(Publication)
        .join(SocialAccount, SocialAccount.id == Publication.account_id)
        .where(
            Publication.state == PublicationState.SCHEDULED,
            Publication.due_at <= now,
            SocialAccount.status == AccountStatus.ACTIVE,
        )
        .order_by(Publication.due_at)
        .limit(limit)
    )
    return (await session.execute(query)).scalars().all()


async def stalled(
    session: AsyncSession, now: datetime, limit: int, *, waiting_key: str
) -> Sequence[Publication]:
    """Runnable publications of active accounts that may need a job (their job was lost or
    their runner died), lapsed leases first; those held by a live runner come last and the
    caller checks whether the holder still lives. Left out: those waiting for their owner
    (`error_key` = `waiting_key`), which would otherwise fill every batch."""
    query = (
        select(Publication)
        .join(SocialAccount, SocialAccount.id == Publication.account_id)
        .where(
            Publication.state.in_(RUNNABLE),
            or_(Publication.error_key.is_(None), Publication.error_key != waiting_key),
            SocialAccount.status == AccountStatus.ACTIVE,
        )
        .order_by(Publication.lease_until.asc().nulls_first(), Publication.id)
        .limit(limit)
    )
    return (await session.execute(query)).scalars().all()


async def started_since(
    session: AsyncSession, account_id: int, since: datetime, *, exclude: int
) -> Sequence[datetime]:
    """When the account's other publications since `since` started (their uploads count
    against the platform's quota whatever came of them), oldest first."""
    query = (
        select(Publication.started_at)
        .where(
            Publication.account_id == account_id,
            Publication.id != exclude,
            Publication.started_at >= since,
        )
        .order_by(Publication.started_at)
    )
    return [when for when in (await session.execute(query)).scalars().all() if when is not None]


async def active_accounts(
    session: AsyncSession, user_id: int, account_ids: Sequence[int] | None = None
) -> Sequence[SocialAccount]:
    """The user's active accounts (those of `account_ids` only, when given)."""
    query = select(SocialAccount).where(
        SocialAccount.user_id == user_id, SocialAccount.status == AccountStatus.ACTIVE
    )
    if account_ids is not None:
        query = query.where(SocialAccount.id.in_(account_ids))
    return (await session.execute(query.order_by(SocialAccount.id))).scalars().all()
