"""The usage ledger: append an entry per billable call; sum them per unit, day, provider,
Short and month."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import and_, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.expression import ColumnElement

from core.enums import StageName, UsageUnit
from db.models import Project, UsageEntry
from db.queries.days import utc_day, utc_month


@dataclass(frozen=True, slots=True)
class UsageTotal:
    quantity: Decimal
    cost_usd: Decimal


def _decimal(value: Decimal | float) -> Decimal:
    # Through str, so 0.1 becomes Decimal("0.1"), not its binary expansion.
    return value if isinstance(value, Decimal) else Decimal(str(value))


async def add_usage(
    session: AsyncSession,
    user_id: int,
    *,
    provider: str,
    unit: UsageUnit,
    quantity: Decimal | float,
    cost_usd: Decimal | float = Decimal(0),
    project_id: int | None = None,
    stage: StageName | None = None,
    request_id: str | None = None,
) -> UsageEntry:
    """Append one ledger entry and flush it, unless the caller deferred flushing: a stage's
    rows are written with its commit (see `pipeline.stage_runner.run_stage`)."""
    entry = UsageEntry(
        user_id=user_id,
        project_id=project_id,
        stage=stage,
        provider=provider,
        unit=unit,
        quantity=_decimal(quantity),
        cost_usd=_decimal(cost_usd),
        request_id=request_id,
    )
    session.add(entry)
    if session.autoflush:
        await session.flush()
    return entry


async def usage_totals(
    session: AsyncSession, user_id: int, since: datetime
) -> dict[UsageUnit, UsageTotal]:
    """Return the user's quantity and cost per unit for entries created at or after `since`."""
    statement = (
        select(UsageEntry.unit, func.sum(UsageEntry.quantity), func.sum(UsageEntry.cost_usd))
        .where(UsageEntry.user_id == user_id, UsageEntry.created_at >= since)
        .group_by(UsageEntry.unit)
    )
    rows = (await session.execute(statement)).all()
    return {
        unit: UsageTotal(quantity=_decimal(quantity), cost_usd=_decimal(cost))
        for unit, quantity, cost in rows
    }


async def spent_since(session: AsyncSession, user_id: int, since: datetime) -> Decimal:
    """The user's total cost in USD over entries created at or after `since`."""
    statement = select(func.coalesce(func.sum(UsageEntry.cost_usd), 0)).where(
        UsageEntry.user_id == user_id, UsageEntry.created_at >= since
    )
    return _decimal(await session.scalar(statement) or 0)


@dataclass(frozen=True, slots=True)
class DaySpend:
    day: date
    provider: str
    cost_usd: Decimal


@dataclass(frozen=True, slots=True)
class ProjectSpend:
    project_id: int
    topic: str
    cost_usd: Decimal


def _window(since: datetime, until: datetime) -> ColumnElement[bool]:
    return and_(UsageEntry.created_at >= since, UsageEntry.created_at < until)


async def spend_per_day(
    session: AsyncSession, since: datetime, until: datetime, *, user_id: int | None
) -> list[DaySpend]:
    """Cost per UTC day and provider in [since, until), by day then provider; `user_id`
    None: every user (the admin's chart). Days and providers that cost nothing (offline
    ones) have no row."""
    day = utc_day(UsageEntry.created_at)
    total = func.sum(UsageEntry.cost_usd)
    statement = (
        select(day, UsageEntry.provider, total)
        .where(_window(since, until))
        .group_by(day, UsageEntry.provider)
        .having(total > 0)
        .order_by(day, UsageEntry.provider)
    )
    if user_id is not None:
        statement = statement.where(UsageEntry.user_id == user_id)
    rows = (await session.execute(statement)).all()
    return [DaySpend(d, provider, _decimal(cost)) for d, provider, cost in rows]


async def spend_per_provider(
    session: AsyncSession, user_id: int, since: datetime, until: datetime
) -> dict[str, Decimal]:
    """The user's cost per provider in [since, until), the largest first; providers that
    cost nothing (offline ones) are left out."""
    total = func.sum(UsageEntry.cost_usd)
    statement = (
        select(UsageEntry.provider, total)
        .where(UsageEntry.user_id == user_id, _window(since, until))
        .group_by(UsageEntry.provider)
        .having(total > 0)
        .order_by(total.desc(), UsageEntry.provider)
    )
    return {p: _decimal(cost) for p, cost in (await session.execute(statement)).all()}


async def top_projects(
    session: AsyncSession, user_id: int, since: datetime, until: datetime, *, limit: int
) -> list[ProjectSpend]:
    """The user's most expensive Shorts by what they cost in [since, until); deleted
    Shorts (the ledger keeps their rows without a project) are left out."""
    total = func.sum(UsageEntry.cost_usd)
    statement = (
        select(Project.id, Project.topic, total)
        .join(Project, Project.id == UsageEntry.project_id)
        .where(UsageEntry.user_id == user_id, Project.user_id == user_id, _window(since, until))
        .group_by(Project.id, Project.topic)
        .order_by(total.desc(), Project.id)
        .limit(limit)
    )
    rows = (await session.execute(statement)).all()
    return [ProjectSpend(pid, topic, _decimal(cost)) for pid, topic, cost in rows]


async def project_cost(session: AsyncSession, user_id: int, project_id: int) -> Decimal:
    """What one of the user's Shorts cost, over every revision (0 for another's Short)."""
    statement = select(func.coalesce(func.sum(UsageEntry.cost_usd), 0)).where(
        UsageEntry.user_id == user_id, UsageEntry.project_id == project_id
    )
    return _decimal(await session.scalar(statement) or 0)


async def monthly_spend(
    session: AsyncSession, user_id: int, since: datetime
) -> dict[date, Decimal]:
    """The user's cost per UTC calendar month (keyed by its first day) from `since` on."""
    month = utc_month(UsageEntry.created_at)
    statement = (
        select(month, func.sum(UsageEntry.cost_usd))
        .where(UsageEntry.user_id == user_id, UsageEntry.created_at >= since)
        .group_by(month)
        .order_by(month)
    )
    return {m: _decimal(cost) for m, cost in (await session.execute(statement)).all()}


async def batch_cost(session: AsyncSession, user_id: int, batch_id: int) -> Decimal:
    """What the Shorts of one of the user's batches cost (0 for another's batch)."""
    statement = (
        select(func.coalesce(func.sum(UsageEntry.cost_usd), 0))
        .join(Project, Project.id == UsageEntry.project_id)
        .where(
            Project.batch_id == batch_id,
            Project.user_id == user_id,
            UsageEntry.user_id == user_id,
        )
    )
    return _decimal(await session.scalar(statement) or 0)
