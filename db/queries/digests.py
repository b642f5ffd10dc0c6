"""The weekly digest's claims on the users table: one conditional UPDATE marks the users due
and returns them, so two workers (or a restart mid-pass) never send one user two digests in
a week. Never commits: the caller does."""

from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import User
from db.queries.conditional import update_one


async def claim_due(
    session: AsyncSession, *, now: datetime, sent_before: datetime, limit_ids: Sequence[int]
) -> list[int]:
    """Of `limit_ids`, the users still opted in, reachable and not sent a digest since
    `sent_before`: marked sent at `now` and returned."""
    statement = (
        update(User)
        .where(
            User.id.in_(limit_ids),
            User.weekly_digest.is_(True),
            User.is_blocked.is_(False),
            User.telegram_id.is_not(None),
            or_(User.digest_sent_at.is_(None), User.digest_sent_at <= sent_before),
        )
        .values(digest_sent_at=now)
        .returning(User.id)
        .execution_options(synchronize_session=False)
    )
    result = cast(CursorResult[Any], await session.execute(statement))
    return sorted(int(row[0]) for row in result.all())


async def due_ids(session: AsyncSession, *, sent_before: datetime, limit: int) -> list[int]:
    """Candidates for `claim_due` (read without a lock: the claim decides)."""
    query = (
        select(User.id)
        .where(
            User.weekly_digest.is_(True),
            User.is_blocked.is_(False),
            User.telegram_id.is_not(None),
            or_(User.digest_sent_at.is_(None), User.digest_sent_at <= sent_before),
        )
        .order_by(User.id)
        .limit(limit)
    )
    return list((await session.scalars(query)).all())


async def release(session: AsyncSession, user_id: int, *, claimed_at: datetime) -> bool:
    """A digest that did not go out: due again on the next pass (unless sent since)."""
    return await update_one(
        session, User, User.id == user_id, User.digest_sent_at == claimed_at, digest_sent_at=None
    )


async def set_opt_in(session: AsyncSession, user_id: int, *, on: bool) -> bool:
    return await update_one(session, User, User.id == user_id, weekly_digest=on)
