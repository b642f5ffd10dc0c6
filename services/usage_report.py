"""What a person's Shorts cost them: this month's total, per provider, per Short, per day.

Read only, from the usage ledger (one row per billable provider call). Months and days are
UTC calendar months and days.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from db.base import utcnow
from db.queries import usage
from db.queries.usage import DaySpend, ProjectSpend
from services.plans import month_start
from services.usage_charts import DayChart, days_from

__all__ = [
    "ProjectSpend",
    "UsageReport",
    "get_batch_cost",
    "get_project_cost",
    "get_usage_report",
    "spend_chart",
]

TOP_SHORTS = 5


@dataclass(frozen=True, slots=True)
class UsageReport:
    month: date  # the first day of the month reported
    total_usd: Decimal
    by_provider: dict[str, Decimal]  # the largest first
    top_shorts: list[ProjectSpend]
    chart: DayChart  # cost per provider per day, from the 1st to today


def spend_chart(rows: Sequence[DaySpend], first: date, last: date) -> DayChart:
    """Stacked cost per provider for every day from `first` to `last` (dollars)."""
    days = days_from(first, last)
    index = {day: i for i, day in enumerate(days)}
    series: dict[str, list[float]] = defaultdict(lambda: [0.0] * len(days))
    for row in rows:
        if row.day in index:
            series[row.provider][index[row.day]] += float(row.cost_usd)
    return DayChart(days, dict(sorted(series.items())))


async def get_usage_report(
    session: AsyncSession, user_id: int, *, now: datetime | None = None, top: int = TOP_SHORTS
) -> UsageReport:
    """The user's spending from the 1st of this month to `now` (default: the clock)."""
    now = now or utcnow()
    since = month_start(now)
    until = now + timedelta(microseconds=1)
    by_provider = await usage.spend_per_provider(session, user_id, since, until)
    top_shorts = await usage.top_projects(session, user_id, since, until, limit=top)
    rows = await usage.spend_per_day(session, since, until, user_id=user_id)
    return UsageReport(
        month=since.date(),
        total_usd=sum(by_provider.values(), Decimal(0)),
        by_provider=by_provider,
        top_shorts=top_shorts,
        chart=spend_chart(rows, since.date(), now.astimezone(UTC).date()),
    )


async def get_project_cost(session: AsyncSession, user_id: int, project_id: int) -> Decimal:
    """What one of the user's Shorts cost, every revision included."""
    return await usage.project_cost(session, user_id, project_id)


async def get_batch_cost(session: AsyncSession, user_id: int, batch_id: int) -> Decimal:
    """What the Shorts of one of the user's batches cost (0 for another's batch)."""
    return await usage.batch_cost(session, user_id, batch_id)
