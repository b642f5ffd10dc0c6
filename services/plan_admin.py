"""An admin gives a user a plan (/grant): no payment, the same grant as a purchase."""

from dataclasses import dataclass
from datetime import datetime

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import InvalidInput, NotFound
from core.plans import PlanCode
from db.models import User
from db.queries import users
from services.plan_grants import end_plan, grant_plan

log = structlog.get_logger(__name__)
MAX_GRANT_DAYS = 3650


@dataclass(frozen=True, slots=True)
class Granted:
    user: User
    plan: PlanCode
    expires_at: datetime | None  # None: back on Free


async def grant_plan_by_admin(
    session: AsyncSession,
    telegram_id: int,
    code: PlanCode,
    *,
    days: int,
    now: datetime,
    create_user: bool = False,
) -> Granted:
    """`code` for `days` (added to the same plan still running); Free ends the plan.

    With `create_user` (the admin's command line) a Telegram ID the bot has not met yet
    gets its user row, so a plan and an API key can be ready before the first /start.
    """
    if not 1 <= days <= MAX_GRANT_DAYS:
        raise InvalidInput(what="days", reason=f"1-{MAX_GRANT_DAYS}")
    if create_user:
        user: User | None = await users.get_or_create_user(session, telegram_id, "?", "en")
    else:
        user = await users.get_user_by_telegram_id(session, telegram_id)
    if user is None:
        raise NotFound(what="user")
    expires: datetime | None = None
    if code is PlanCode.FREE:
        await end_plan(session, user.id)
    else:
        expires = await grant_plan(session, user.id, code, days=days, now=now)
    await session.commit()
    log.info("plans.granted_by_admin", user_id=user.id, plan=code.value, days=days)
    return Granted(user, code, expires)
