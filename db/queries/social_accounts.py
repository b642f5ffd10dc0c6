"""Queries for the accounts users publish to. Every lookup is scoped by the owner's user ID.

The refresh lease is taken and handed back with one conditional UPDATE each (like the
project lease, `db.queries.leases`): two processes can never both hold it. Queries never
commit: the service does.
"""

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.enums import Platform
from db.models import SocialAccount
from db.queries.conditional import update_one


async def get_account(
    session: AsyncSession, user_id: int, account_id: int, *, fresh: bool = False
) -> SocialAccount | None:
    """The user's account; `fresh` reads the row again (tokens another process stored)."""
    statement = select(SocialAccount).where(
        SocialAccount.id == account_id, SocialAccount.user_id == user_id
    )
    if fresh:
        statement = statement.execution_options(populate_existing=True)
    return await session.scalar(statement)


async def find_account(
    session: AsyncSession, user_id: int, platform: Platform, external_id: str
) -> SocialAccount | None:
    statement = select(SocialAccount).where(
        SocialAccount.user_id == user_id,
        SocialAccount.platform == platform,
        SocialAccount.external_id == external_id,
    )
    return await session.scalar(statement)


async def list_accounts(
    session: AsyncSession, user_id: int, platform: Platform | None = None
) -> Sequence[SocialAccount]:
    """The user's accounts (any status), by platform then when connected."""
    statement = select(SocialAccount).where(SocialAccount.user_id == user_id)
    if platform is not None:
        statement = statement.where(SocialAccount.platform == platform)
    statement = statement.order_by(SocialAccount.platform, SocialAccount.id)
    return (await session.scalars(statement)).all()


async def list_sealed_batch(
    session: AsyncSession, after_id: int, limit: int
) -> Sequence[SocialAccount]:
    """Accounts with tokens, every user's, by ID after `after_id`: only for the operator's
    key rotation (`python -m cli tokens rotate`), which re-seals them all."""
    statement = (
        select(SocialAccount)
        .where(
            SocialAccount.id > after_id,
            or_(SocialAccount.access_token.is_not(None), SocialAccount.refresh_token.is_not(None)),
        )
        .order_by(SocialAccount.id)
        .limit(limit)
    )
    return (await session.scalars(statement)).all()


async def _update(session: AsyncSession, *where: ColumnElement[bool], **values: Any) -> bool:
    return await update_one(session, SocialAccount, *where, **values)


async def take_refresh_lease(
    session: AsyncSession, user_id: int, account_id: int, owner: str, *, now: datetime,
    until: datetime,
) -> bool:  # fmt: skip
    """Take the account's refresh lease if nobody holds it or its holder's time ran out."""
    return await _update(
        session,
        SocialAccount.id == account_id,
        SocialAccount.user_id == user_id,
        or_(
            SocialAccount.refresh_owner.is_(None),
            SocialAccount.refresh_until.is_(None),
            SocialAccount.refresh_until < now,
        ),
        refresh_owner=owner,
        refresh_until=until,
    )


async def release_refresh_lease(
    session: AsyncSession, user_id: int, account_id: int, owner: str, **values: Any
) -> bool:
    """Hand the lease back (setting `values` with it: new tokens, a status) if `owner`
    still holds it; False when its time ran out and someone else took it."""
    return await _update(
        session,
        SocialAccount.id == account_id,
        SocialAccount.user_id == user_id,
        SocialAccount.refresh_owner == owner,
        refresh_owner=None,
        refresh_until=None,
        **values,
    )


async def set_fields(session: AsyncSession, user_id: int, account_id: int, **values: Any) -> bool:
    """Set `values` on the user's account whoever holds its lease."""
    return await _update(
        session, SocialAccount.id == account_id, SocialAccount.user_id == user_id, **values
    )


async def hold_for_start(session: AsyncSession, account_id: int) -> None:
    """Take the account's row for this transaction (a write that changes nothing): starts of
    one account are then counted and committed one at a time (PostgreSQL's row lock;
    SQLite's single writer). Released by the commit or rollback."""
    await session.execute(
        update(SocialAccount)
        .where(SocialAccount.id == account_id)
        .values(status=SocialAccount.status)
        .execution_options(synchronize_session=False)
    )
