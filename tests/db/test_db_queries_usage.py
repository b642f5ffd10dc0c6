"""The usage ledger: entries and totals per unit, on PostgreSQL and SQLite."""

from datetime import timedelta
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from core.enums import StageName, UsageUnit
from db.base import utcnow
from db.queries import projects, usage, users
from db.queries.usage import UsageTotal


async def test_usage_totals_per_unit_since(any_session: AsyncSession) -> None:
    user = await users.get_or_create_user(any_session, 1, "Ann")
    other = await users.get_or_create_user(any_session, 2, "Bob")
    project = await projects.create_project(
        any_session, user.id, topic="t", language="ru", target_duration=20, style="s", tone="t"
    )
    since = utcnow() - timedelta(hours=1)
    entry = await usage.add_usage(
        any_session,
        user.id,
        provider="openai",
        unit=UsageUnit.TOKENS,
        quantity=1200,
        cost_usd=Decimal("0.0024"),
        project_id=project.id,
        stage=StageName.SCRIPT,
    )
    assert entry.created_at >= since
    await usage.add_usage(
        any_session,
        user.id,
        provider="openai",
        unit=UsageUnit.TOKENS,
        quantity=300,
        cost_usd=0.0006,
    )
    await usage.add_usage(
        any_session, user.id, provider="ffmpeg", unit=UsageUnit.RENDER_SECONDS, quantity=12.25
    )
    old = await usage.add_usage(
        any_session, user.id, provider="openai", unit=UsageUnit.TOKENS, quantity=10**6
    )
    old.created_at = since - timedelta(days=1)
    await usage.add_usage(
        any_session, other.id, provider="openai", unit=UsageUnit.TOKENS, quantity=5
    )
    await any_session.flush()

    assert await usage.usage_totals(any_session, user.id, since) == {
        UsageUnit.TOKENS: UsageTotal(quantity=Decimal(1500), cost_usd=Decimal("0.003")),
        UsageUnit.RENDER_SECONDS: UsageTotal(quantity=Decimal("12.25"), cost_usd=Decimal(0)),
    }
    assert await usage.usage_totals(any_session, user.id, utcnow() + timedelta(hours=1)) == {}
