"""Plans and quotas: the one place every entry point (the bot, batches, the scheduler, the
REST API) asks what a user may do.

`claim_shorts` runs in the transaction that then commits the queued projects, with the
user's row locked (`db.queries.users.lock_user`), so two requests at once are counted one
after the other: they cannot both take the last Short of the month. A Short counts from
the moment it is queued; a failed or cancelled one gives its place back (see
`db.queries.plan_usage`). The month is the calendar month in UTC.

The CLI's local user is the operator: no quota. Admins are users like any other; they
grant themselves (or anyone) a plan with /grant.
"""

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from core.enums import Platform
from core.errors import NotFound
from core.plans import PLANS, Plan, PlanCode
from core.settings import LimitsSettings
from db.models import LOCAL_USER_NAME, User
from db.queries import plan_usage, users
from services.limits import TooManyUnfinished, UserBlocked
from services.plan_errors import (
    BatchNotInPlan,
    BatchTooLarge,
    PlanLimitReached,
    PlatformNotInPlan,
    ShortsQuotaReached,
)

OPERATOR = PLANS[PlanCode.AGENCY]


@dataclass(frozen=True, slots=True)
class PlanStatus:
    plan: Plan
    expires_at: datetime | None  # None: no end (Free, a grant without one, the operator)
    shorts_used: int
    voices_used: int
    characters_used: int
    resets_at: datetime  # when this month's Shorts count starts again


def month_start(now: datetime) -> datetime:
    return now.astimezone(UTC).replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def next_month(now: datetime) -> datetime:
    start = month_start(now)
    year, month = divmod(start.year * 12 + start.month, 12)  # the month after, 0-based
    return start.replace(year=year, month=month + 1)


def effective_plan(user: User, now: datetime) -> Plan:
    """The user's plan now: a paid plan past its end is Free."""
    if user.telegram_id is None and user.name == LOCAL_USER_NAME:
        return OPERATOR
    if user.plan_expires_at is not None and user.plan_expires_at <= now:
        return PLANS[PlanCode.FREE]
    return PLANS[user.plan]


async def _user(session: AsyncSession, user_id: int) -> User:
    user = await users.get_user(session, user_id)
    if user is None:
        raise NotFound(what="user")
    return user


async def plan_of(session: AsyncSession, user_id: int, *, now: datetime) -> Plan:
    return effective_plan(await _user(session, user_id), now)


async def plan_status(session: AsyncSession, user_id: int, *, now: datetime) -> PlanStatus:
    """The plan, its end, and what is used of it."""
    user = await _user(session, user_id)
    plan = effective_plan(user, now)
    return PlanStatus(
        plan=plan,
        expires_at=user.plan_expires_at if plan.code is not PlanCode.FREE else None,
        shorts_used=await plan_usage.count_shorts_since(session, user_id, month_start(now)),
        voices_used=await plan_usage.count_voices(session, user_id),
        characters_used=await plan_usage.count_characters(session, user_id),
        resets_at=next_month(now),
    )


async def claim_shorts(
    session: AsyncSession,
    user_id: int,
    count: int,
    *,
    limits: LimitsSettings,
    now: datetime,
    batch: bool = False,
) -> Plan:
    """Take `count` of this month's Shorts (0: a redo of a Short already counted), or
    refuse. Locks the user's row until the caller commits.

    Raises:
        NotFound, UserBlocked, ShortsQuotaReached, TooManyUnfinished (single Shorts only:
        a batch's size is checked against the plan by `check_batch_size`).
    """
    blocked = await users.lock_user(session, user_id)
    if blocked is None:
        raise NotFound(what="user")
    if blocked:
        raise UserBlocked()
    plan = await plan_of(session, user_id, now=now)
    if count and plan.shorts_per_month is not None:
        used = await plan_usage.count_shorts_since(session, user_id, month_start(now))
        if used + count > plan.shorts_per_month:
            raise ShortsQuotaReached(
                plan=plan.code.value,
                used=used,
                limit=plan.shorts_per_month,
                asked=count,
                left=max(0, plan.shorts_per_month - used),
                resets=next_month(now).date().isoformat(),
            )
    if not batch:
        unfinished = await plan_usage.count_unfinished_singles(session, user_id)
        if unfinished >= limits.max_unfinished_projects:
            raise TooManyUnfinished(count=unfinished, limit=limits.max_unfinished_projects)
    return plan


async def check_voice_slot(session: AsyncSession, user_id: int, *, now: datetime) -> None:
    """Refuse a new voice when the plan's voices are all taken."""
    plan = await plan_of(session, user_id, now=now)
    used = await plan_usage.count_voices(session, user_id)
    if plan.voices is not None and used >= plan.voices:
        raise PlanLimitReached(what="voices", plan=plan.code.value, limit=plan.voices)


async def check_character_slot(session: AsyncSession, user_id: int, *, now: datetime) -> None:
    """Refuse a new character when the plan's characters are all taken (the user's row is
    locked first, so two at once are counted one after the other)."""
    if await users.lock_user(session, user_id) is None:
        raise NotFound(what="user")
    plan = await plan_of(session, user_id, now=now)
    used = await plan_usage.count_characters(session, user_id)
    if plan.characters is not None and used >= plan.characters:
        raise PlanLimitReached(what="characters", plan=plan.code.value, limit=plan.characters)


def check_platform(plan: Plan, platform: Platform) -> None:
    if plan.platforms is not None and platform not in plan.platforms:
        raise PlatformNotInPlan(plan=plan.code.value, platform=platform.value)


def check_batch_size(plan: Plan, count: int) -> None:
    if plan.max_batch == 0:
        raise BatchNotInPlan(plan=plan.code.value)
    if count > plan.max_batch:
        raise BatchTooLarge(plan=plan.code.value, count=count, limit=plan.max_batch)
