"""Services for the admin's numbers: the whole bot at a glance (/stats) and one user (/user).

Only read: admins see aggregates from the rows; nothing here changes anything.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from db.base import utcnow
from db.queries import stats, usage
from db.queries.stats import Overview, UserSummary
from services.plans import PlanStatus, month_start, plan_status
from services.usage_charts import DayChart, days_from
from services.usage_report import spend_chart

__all__ = [
    "Activity",
    "Overview",
    "PlanStatus",
    "UserCard",
    "UserSummary",
    "get_activity",
    "get_overview",
    "get_user_card",
]

ACTIVITY_DAYS = 30
FAILURE_REASONS = 5
CARD_MONTHS = 6
SERIES_COLORS = {
    "done": "#55A868",
    "failed": "#C44E52",
    "minutes": "#4C72B0",
    "paid": "#55A868",
    "refunded": "#C44E52",
}


@dataclass(frozen=True, slots=True)
class Activity:
    """The last `ACTIVITY_DAYS` UTC days, today included, as charts (series keyed by
    "done"/"failed", "minutes", the providers, "paid"/"refunded": refunds below zero)."""

    shorts: DayChart
    render_minutes: DayChart
    spend: DayChart
    revenue: DayChart
    revenue_stars: int  # paid minus refunded over the days
    failure_reasons: dict[str, int]


@dataclass(frozen=True, slots=True)
class UserCard:
    summary: UserSummary
    plan: PlanStatus
    month_usd: Decimal
    month_by_provider: dict[str, Decimal]
    months: dict[date, Decimal]  # the last `CARD_MONTHS` months that cost something


async def get_overview(session: AsyncSession) -> Overview:
    """Users, Shorts by status, failed stages, the queue, render minutes and cost."""
    return await stats.overview(session)


async def get_activity(
    session: AsyncSession, *, now: datetime | None = None, days: int = ACTIVITY_DAYS
) -> Activity:
    """Shorts done and failed, render minutes and spend per provider, per day."""
    now = now or utcnow()
    last = now.astimezone(UTC).date()
    first = last - timedelta(days=days - 1)
    since = datetime.combine(first, datetime.min.time(), tzinfo=UTC)
    until = now + timedelta(microseconds=1)
    axis = days_from(first, last)
    shorts = {d.day: d for d in await stats.shorts_per_day(session, since, until)}
    render = await stats.render_seconds_per_day(session, since, until)
    spend = await usage.spend_per_day(session, since, until, user_id=None)
    revenue = {r.day: r for r in await stats.revenue_per_day(session, since, until)}
    return Activity(
        shorts=DayChart(
            axis,
            {
                "done": [shorts[d].done if d in shorts else 0 for d in axis],
                "failed": [shorts[d].failed if d in shorts else 0 for d in axis],
            },
            SERIES_COLORS,
        ),
        render_minutes=DayChart(
            axis, {"minutes": [float(render.get(d, 0)) / 60 for d in axis]}, SERIES_COLORS
        ),
        spend=spend_chart(spend, first, last),
        revenue=DayChart(
            axis,
            {
                "paid": [revenue[d].paid if d in revenue else 0 for d in axis],
                "refunded": [-revenue[d].refunded if d in revenue else 0 for d in axis],
            },
            SERIES_COLORS,
        ),
        revenue_stars=sum(r.paid - r.refunded for r in revenue.values()),
        failure_reasons=await stats.failure_reasons(session, since, limit=FAILURE_REASONS),
    )


def _months_back(start: datetime, count: int) -> datetime:
    """The first day of the month `count - 1` months before `start`'s (`start`: a 1st)."""
    year, month = divmod(start.year * 12 + start.month - count, 12)  # 0-based month
    return start.replace(year=year, month=month + 1)


async def get_user_card(
    session: AsyncSession, user_ref: int, *, now: datetime | None = None
) -> UserCard | None:
    """/user: the summary, the plan and what is used of it, this month's spending; None: no
    such user."""
    now = now or utcnow()
    summary = await stats.user_summary(session, user_ref)
    if summary is None:
        return None
    plan = await plan_status(session, summary.user.id, now=now)
    since, until = month_start(now), now + timedelta(microseconds=1)
    by_provider = await usage.spend_per_provider(session, summary.user.id, since, until)
    months = await usage.monthly_spend(session, summary.user.id, _months_back(since, CARD_MONTHS))
    total = sum(by_provider.values(), Decimal(0))
    return UserCard(summary, plan, total, by_provider, {m: c for m, c in months.items() if c})
