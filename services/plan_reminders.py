"""Renewal reminders: a paid plan that ends within `PlansSettings.remind_days` is announced
once per period. The claim is committed before the message goes out, so two ticks never
remind twice; a message that did not go through is released and tried on the next tick."""

from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from core.plan_settings import PlansSettings
from core.ports.payments import PlanReminder
from db.models import User
from db.queries import payments, users


def _reminded_this_period(user: User, before: timedelta) -> bool:
    reminded, expires = user.plan_reminded_at, user.plan_expires_at
    return reminded is not None and expires is not None and reminded >= expires - before


async def claim_plan_reminders(
    session: AsyncSession, *, plans: PlansSettings, now: datetime
) -> list[PlanReminder]:
    """The reminders due now, marked sent (one commit)."""
    before = timedelta(days=plans.remind_days)
    due: list[PlanReminder] = []
    for user in await payments.users_with_plans_ending(session, after=now, until=now + before):
        if _reminded_this_period(user, before) or user.plan_expires_at is None:
            continue
        user.plan_reminded_at = now
        stars = plans.price_stars(user.plan)
        due.append(
            PlanReminder(user.id, user.plan, user.plan_expires_at, stars, plans.period_days)
        )
    await session.commit()
    return due


async def release_plan_reminder(
    session: AsyncSession, user_id: int, *, claimed_at: datetime
) -> None:
    """The reminder did not reach the user: the next tick tries again."""
    user = await users.get_user(session, user_id)
    if user is not None and user.plan_reminded_at == claimed_at:
        user.plan_reminded_at = None
        await session.commit()


async def get_plan_recipient(session: AsyncSession, user_id: int) -> User | None:
    """The user a reminder is for (their chat, language and time zone); None if gone."""
    user = await users.get_user(session, user_id)
    return user if user is not None and user.telegram_id is not None else None
