"""Aggregates for the admin: users, Shorts by status, failures, queue, render time, cost;
and per UTC day over a window (Shorts, render seconds, Stars), for the charts."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.enums import (
    UNFINISHED_STATUSES,
    PaymentStatus,
    ProjectStatus,
    StageName,
    StageStatus,
    UsageUnit,
)
from db.models import Payment, Project, StageRun, UsageEntry, User
from db.queries.days import utc_day


@dataclass(frozen=True, slots=True)
class Overview:
    users: int
    projects: dict[ProjectStatus, int]
    failed_stages: dict[StageName, int]
    queue_depth: int
    render_seconds: Decimal
    cost_usd: Decimal


@dataclass(frozen=True, slots=True)
class UserSummary:
    user: User
    projects: dict[ProjectStatus, int]
    render_seconds: Decimal
    cost_usd: Decimal


async def projects_by_status(
    session: AsyncSession, user_id: int | None = None
) -> dict[ProjectStatus, int]:
    statement = select(Project.status, func.count()).group_by(Project.status)
    if user_id is not None:
        statement = statement.where(Project.user_id == user_id)
    return {status: count for status, count in (await session.execute(statement)).all()}


async def _usage(session: AsyncSession, user_id: int | None = None) -> tuple[Decimal, Decimal]:
    """Render seconds and total cost from the usage ledger (of one user when given)."""
    render = func.sum(UsageEntry.quantity).filter(UsageEntry.unit == UsageUnit.RENDER_SECONDS)
    statement = select(func.coalesce(render, 0), func.coalesce(func.sum(UsageEntry.cost_usd), 0))
    if user_id is not None:
        statement = statement.where(UsageEntry.user_id == user_id)
    seconds, cost = (await session.execute(statement)).one()
    return Decimal(str(seconds)), Decimal(str(cost))


async def overview(session: AsyncSession) -> Overview:
    """Everything /stats shows, in a handful of aggregate queries."""
    users = await session.scalar(select(func.count()).select_from(User)) or 0
    by_status = await projects_by_status(session)
    failed = select(StageRun.stage, func.count()).where(StageRun.status == StageStatus.FAILED)
    failed_stages = dict((await session.execute(failed.group_by(StageRun.stage))).all())
    render_seconds, cost = await _usage(session)
    return Overview(
        users=users,
        projects=by_status,
        failed_stages={StageName(stage): count for stage, count in failed_stages.items()},
        queue_depth=sum(by_status.get(status, 0) for status in UNFINISHED_STATUSES),
        render_seconds=render_seconds,
        cost_usd=cost,
    )


async def user_summary(session: AsyncSession, telegram_or_user_id: int) -> UserSummary | None:
    """One user's numbers, found by Telegram ID first, then by our own ID."""
    user = await session.scalar(select(User).where(User.telegram_id == telegram_or_user_id))
    if user is None:
        user = await session.get(User, telegram_or_user_id)
    if user is None:
        return None
    render_seconds, cost = await _usage(session, user.id)
    return UserSummary(user, await projects_by_status(session, user.id), render_seconds, cost)


@dataclass(frozen=True, slots=True)
class DayShorts:
    day: date
    done: int
    failed: int


async def shorts_per_day(
    session: AsyncSession, since: datetime, until: datetime
) -> list[DayShorts]:
    """Shorts that ended done or failed per UTC day in [since, until), by day.

    A finished project's row last changes when it finishes, so `updated_at` is that day."""
    day = utc_day(Project.updated_at)
    done = func.count().filter(Project.status == ProjectStatus.DONE)
    failed = func.count().filter(Project.status == ProjectStatus.FAILED)
    statement = (
        select(day, done, failed)
        .where(
            Project.status.in_((ProjectStatus.DONE, ProjectStatus.FAILED)),
            Project.updated_at >= since,
            Project.updated_at < until,
        )
        .group_by(day)
        .order_by(day)
    )
    return [DayShorts(d, n, f) for d, n, f in (await session.execute(statement)).all()]


async def render_seconds_per_day(
    session: AsyncSession, since: datetime, until: datetime
) -> dict[date, Decimal]:
    """Render seconds per UTC day in [since, until), from the ledger's render entries."""
    day = utc_day(UsageEntry.created_at)
    statement = (
        select(day, func.sum(UsageEntry.quantity))
        .where(
            UsageEntry.unit == UsageUnit.RENDER_SECONDS,
            UsageEntry.created_at >= since,
            UsageEntry.created_at < until,
        )
        .group_by(day)
        .order_by(day)
    )
    return {d: Decimal(str(s)) for d, s in (await session.execute(statement)).all()}


async def failure_reasons(session: AsyncSession, since: datetime, *, limit: int) -> dict[str, int]:
    """The commonest error keys of Shorts that failed since `since`, the commonest first."""
    count = func.count()
    statement = (
        select(Project.error_key, count)
        .where(Project.status == ProjectStatus.FAILED, Project.updated_at >= since)
        .group_by(Project.error_key)
        .order_by(count.desc(), Project.error_key)
        .limit(limit)
    )
    rows = (await session.execute(statement)).all()
    return {key or "unknown": n for key, n in rows}


@dataclass(frozen=True, slots=True)
class DayRevenue:
    day: date
    paid: int  # Stars of the payments made that day (refunded later or not)
    refunded: int  # Stars given back that day


async def revenue_per_day(
    session: AsyncSession, since: datetime, until: datetime
) -> list[DayRevenue]:
    """Stars paid and refunded per UTC day in [since, until), by day; paid minus refunded is
    what the day earned. Rejected payments granted nothing and count for nothing."""
    paid_day, refund_day = utc_day(Payment.created_at), utc_day(Payment.refunded_at)
    paid = (
        select(paid_day, func.sum(Payment.stars))
        .where(
            Payment.status.in_((PaymentStatus.PAID, PaymentStatus.REFUNDED)),
            Payment.created_at >= since,
            Payment.created_at < until,
        )
        .group_by(paid_day)
    )
    refunded = (
        select(refund_day, func.sum(Payment.stars))
        .where(
            Payment.status == PaymentStatus.REFUNDED,
            Payment.refunded_at >= since,
            Payment.refunded_at < until,
        )
        .group_by(refund_day)
    )
    days_paid = {day: stars for day, stars in (await session.execute(paid)).all()}
    days_refunded = {day: stars for day, stars in (await session.execute(refunded)).all()}
    return [
        DayRevenue(d, int(days_paid.get(d, 0)), int(days_refunded.get(d, 0)))
        for d in sorted(days_paid.keys() | days_refunded.keys())
    ]
