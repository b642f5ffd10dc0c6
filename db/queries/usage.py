"""The usage ledger: append an entry per billable call, sum them per unit."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.enums import StageName, UsageUnit
from db.models import UsageEntry


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
