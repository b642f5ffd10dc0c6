"""Services for the admin: block and unblock a user by Telegram ID.

A blocked user's updates are dropped by the bot (`bot.middlewares.blocked`), and the services
that queue work refuse them (`services.limits.UserBlocked`), so no new job is made for them.
Their queued Shorts are cancelled (a worker that reaches one finds it cancelled and does
nothing); a Short already being rendered finishes. Unblocking does not bring cancelled Shorts
back: the user makes them again.
"""

from collections.abc import Collection
from dataclasses import dataclass

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import DomainError, NotFound
from db.models import User
from db.queries import projects, users

log = structlog.get_logger(__name__)


class CannotBlockAdmin(DomainError):
    key = "error-block-admin"
    template = "Telegram user {telegram_id} is an admin and cannot be blocked."


@dataclass(frozen=True, slots=True)
class Moderated:
    """The user after a block or an unblock."""

    user: User
    changed: bool  # False: the user was already in that state
    cancelled: int = 0  # queued Shorts the block cancelled


async def _user(session: AsyncSession, telegram_id: int) -> User:
    user = await users.get_user_by_telegram_id(session, telegram_id)
    if user is None:
        raise NotFound(what="user")
    return user


async def block_user(
    session: AsyncSession, telegram_id: int, *, admin_ids: Collection[int]
) -> Moderated:
    """Block the user and cancel their queued Shorts (committed); admins cannot be blocked,
    so no admin can lock everyone out of /unblock."""
    if telegram_id in admin_ids:
        raise CannotBlockAdmin(telegram_id=telegram_id)
    user = await _user(session, telegram_id)
    changed = await users.set_blocked(session, user, True)
    cancelled = await projects.cancel_queued_projects(session, user.id)
    await session.commit()
    log.info("user.blocked", user_id=user.id, changed=changed, cancelled=cancelled)
    return Moderated(user, changed, cancelled)


async def unblock_user(session: AsyncSession, telegram_id: int) -> Moderated:
    """Let the user use the bot again (committed)."""
    user = await _user(session, telegram_id)
    changed = await users.set_blocked(session, user, False)
    await session.commit()
    log.info("user.unblocked", user_id=user.id, changed=changed)
    return Moderated(user, changed)
