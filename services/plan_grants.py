"""Granting a plan (a Stars payment, an admin's /grant) and ending one (a refund)."""

from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import NotFound
from core.plans import PlanCode
from db.models import User
from db.queries import users
from services.plans import effective_plan


async def grant_plan(
    session: AsyncSession, user_id: int, code: PlanCode, *, days: int, now: datetime
) -> datetime:
    """Give the user `code` for `days` more days; return its new end. No commit.

    The same plan still running is extended from its end (a renewal before it ends loses
    nothing); another plan starts now and replaces it.
    """
    user = await _locked(session, user_id)
    running = effective_plan(user, now).code is code and user.plan_expires_at is not None
    start = user.plan_expires_at if running and user.plan_expires_at is not None else now
    user.plan = code
    user.plan_expires_at = start + timedelta(days=days)
    user.plan_reminded_at = None
    return user.plan_expires_at


async def end_plan(session: AsyncSession, user_id: int) -> None:
    """Back to Free now (a refunded purchase). No commit."""
    user = await _locked(session, user_id)
    user.plan = PlanCode.FREE
    user.plan_expires_at = None
    user.plan_reminded_at = None


async def _locked(session: AsyncSession, user_id: int) -> User:
    if await users.lock_user(session, user_id) is None:
        raise NotFound(what="user")
    user = await users.get_user(session, user_id)
    if user is None:
        raise NotFound(what="user")
    await session.refresh(user)
    return user
