"""REST API keys, by their digest (authentication) or their owner (the bot's /api list)."""

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import ApiKey, User


async def key_with_user(session: AsyncSession, digest: str) -> tuple[ApiKey, User] | None:
    """The key with this digest and its owner; None when no key has it."""
    query = select(ApiKey, User).join(User, User.id == ApiKey.user_id)
    row = (await session.execute(query.where(ApiKey.digest == digest))).first()
    return None if row is None else (row[0], row[1])


async def live_keys(session: AsyncSession, user_id: int) -> Sequence[ApiKey]:
    """The user's keys not revoked, oldest first."""
    query = select(ApiKey).where(ApiKey.user_id == user_id, ApiKey.revoked_at.is_(None))
    return (await session.scalars(query.order_by(ApiKey.id))).all()


async def get_user_key(session: AsyncSession, user_id: int, key_id: int) -> ApiKey | None:
    """The user's key with this ID; None for an unknown ID or another user's."""
    query = select(ApiKey).where(ApiKey.id == key_id, ApiKey.user_id == user_id)
    return await session.scalar(query)


async def touch(session: AsyncSession, key_id: int, now: datetime) -> None:
    """Record that the key was used (at most once a minute matters: callers throttle)."""
    await session.execute(update(ApiKey).where(ApiKey.id == key_id).values(last_used_at=now))
