"""The ledger summed per UTC day and provider, per Short, batch and month, on PostgreSQL and
SQLite; and the admin's per-day Shorts, render seconds, Stars and failure reasons."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from core.batch_options import BatchOptions
from core.enums import BatchStatus, PaymentStatus, ProjectStatus, UsageUnit
from core.plans import PlanCode
from db.models import Batch, Payment, Project, UsageEntry
from db.queries import projects, stats, usage, users
from db.queries.stats import DayRevenue, DayShorts
from db.queries.usage import DaySpend, ProjectSpend

DEC_1 = datetime(2026, 12, 1, tzinfo=UTC)


async def _project(session: AsyncSession, user_id: int, topic: str) -> Project:
    return await projects.create_project(
        session, user_id, topic=topic, language="en", target_duration=20, style="s", tone="t"
    )


async def _spend(
    session: AsyncSession,
    user_id: int,
    at: datetime,
    provider: str,
    cost: str,
    *,
    project: Project | None = None,
    unit: UsageUnit = UsageUnit.IMAGES,
    quantity: float = 1,
) -> UsageEntry:
    entry = await usage.add_usage(
        session,
        user_id,
        provider=provider,
        unit=unit,
        quantity=quantity,
        cost_usd=Decimal(cost),
        project_id=project.id if project else None,
    )
    entry.created_at = at
    await session.flush()
    return entry


async def test_spend_per_day_provider_short_and_month(any_session: AsyncSession) -> None:
    session = any_session
    ann = await users.get_or_create_user(session, 1, "Ann")
    bob = await users.get_or_create_user(session, 2, "Bob")
    octopus, dreams = (
        await _project(session, ann.id, "Octopus"),
        await _project(session, ann.id, "Dreams"),
    )
    bobs = await _project(session, bob.id, "Bob's")
    await _spend(session, ann.id, DEC_1 + timedelta(hours=1), "fal", "0.50", project=octopus)
    await _spend(
        session, ann.id, DEC_1 + timedelta(hours=23, minutes=59), "fal", "0.25", project=dreams
    )
    await _spend(session, ann.id, DEC_1 + timedelta(hours=5), "openai", "0.004", project=octopus)
    await _spend(
        session, ann.id, DEC_1 + timedelta(days=1, minutes=1), "fal", "1.00", project=dreams
    )
    await _spend(
        session, ann.id, DEC_1 - timedelta(minutes=1), "fal", "9.00", project=octopus
    )  # Nov
    await _spend(session, bob.id, DEC_1 + timedelta(hours=2), "fal", "7.00", project=bobs)
    await _spend(session, ann.id, DEC_1, "espeak", "0", project=octopus)  # offline: free
    until = DEC_1 + timedelta(days=31)

    assert await usage.spend_per_day(session, DEC_1, until, user_id=ann.id) == [
        DaySpend(date(2026, 12, 1), "fal", Decimal("0.75")),
        DaySpend(date(2026, 12, 1), "openai", Decimal("0.004")),
        DaySpend(date(2026, 12, 2), "fal", Decimal("1.00")),
    ]
    everyone = await usage.spend_per_day(session, DEC_1, until, user_id=None)
    assert everyone[0] == DaySpend(date(2026, 12, 1), "fal", Decimal("7.75"))
    assert await usage.spend_per_provider(session, ann.id, DEC_1, until) == {
        "fal": Decimal("1.75"),
        "openai": Decimal("0.004"),
    }
    assert list(await usage.spend_per_provider(session, ann.id, DEC_1, until)) == ["fal", "openai"]
    assert await usage.top_projects(session, ann.id, DEC_1, until, limit=5) == [
        ProjectSpend(dreams.id, "Dreams", Decimal("1.25")),
        ProjectSpend(octopus.id, "Octopus", Decimal("0.504")),
    ]
    assert len(await usage.top_projects(session, ann.id, DEC_1, until, limit=1)) == 1
    assert await usage.project_cost(session, ann.id, octopus.id) == Decimal("9.504")
    assert await usage.project_cost(session, ann.id, bobs.id) == 0  # another's Short
    assert await usage.monthly_spend(session, ann.id, DEC_1 - timedelta(days=40)) == {
        date(2026, 11, 1): Decimal("9.00"),
        date(2026, 12, 1): Decimal("1.754"),
    }


async def test_a_deleted_short_keeps_its_spending_out_of_the_top(
    any_session: AsyncSession,
) -> None:
    ann = await users.get_or_create_user(any_session, 1, "Ann")
    gone = await _project(any_session, ann.id, "Gone")
    await _spend(any_session, ann.id, DEC_1, "fal", "2.00", project=gone)
    await any_session.delete(gone)
    await any_session.flush()
    until = DEC_1 + timedelta(days=1)
    assert await usage.top_projects(any_session, ann.id, DEC_1, until, limit=5) == []
    assert await usage.spend_per_provider(any_session, ann.id, DEC_1, until) == {
        "fal": Decimal("2.00")
    }


async def test_days_are_utc_whatever_the_session_time_zone(session: AsyncSession) -> None:
    """PostgreSQL's date() of a timestamptz follows the session's zone; ours does not."""
    ann = await users.get_or_create_user(session, 1, "Ann")
    await session.execute(text("SET LOCAL TIME ZONE 'Asia/Tokyo'"))
    await _spend(session, ann.id, DEC_1 + timedelta(hours=20), "fal", "1")  # Dec 2 in Tokyo
    rows = await usage.spend_per_day(session, DEC_1, DEC_1 + timedelta(days=2), user_id=ann.id)
    assert [row.day for row in rows] == [date(2026, 12, 1)]
    months = await usage.monthly_spend(session, ann.id, DEC_1 - timedelta(days=1))
    assert list(months) == [date(2026, 12, 1)]


async def test_admin_shorts_render_and_failures_per_day(any_session: AsyncSession) -> None:
    session = any_session
    ann = await users.get_or_create_user(session, 1, "Ann")
    finished = [
        (ProjectStatus.DONE, DEC_1, None),
        (ProjectStatus.DONE, DEC_1 + timedelta(hours=3), None),
        (ProjectStatus.FAILED, DEC_1 + timedelta(hours=4), "error-render"),
        (ProjectStatus.FAILED, DEC_1 + timedelta(days=2), "error-render"),
        (ProjectStatus.FAILED, DEC_1 + timedelta(days=2), "error-voice"),
        (ProjectStatus.RUNNING, DEC_1, None),  # not finished: not counted
        (ProjectStatus.DONE, DEC_1 - timedelta(days=1), None),  # before the window
    ]
    for status, at, key in finished:
        project = await _project(session, ann.id, "t")
        projects.set_project_state(project, status, stage=None, error_key=key)
        project.updated_at = at
    await _spend(session, ann.id, DEC_1, "ffmpeg", "0", unit=UsageUnit.RENDER_SECONDS, quantity=90)
    await _spend(
        session, ann.id, DEC_1 + timedelta(hours=1), "ffmpeg", "0",
        unit=UsageUnit.RENDER_SECONDS, quantity=30.5,
    )  # fmt: skip
    await _spend(session, ann.id, DEC_1, "fal", "1")  # not render time
    await session.flush()
    until = DEC_1 + timedelta(days=30)

    assert await stats.shorts_per_day(session, DEC_1, until) == [
        DayShorts(date(2026, 12, 1), done=2, failed=1),
        DayShorts(date(2026, 12, 3), done=0, failed=2),
    ]
    assert await stats.render_seconds_per_day(session, DEC_1, until) == {
        date(2026, 12, 1): Decimal("120.5")
    }
    assert await stats.failure_reasons(session, DEC_1, limit=5) == {
        "error-render": 2,
        "error-voice": 1,
    }
    assert await stats.failure_reasons(session, DEC_1, limit=1) == {"error-render": 2}


async def test_revenue_per_day_paid_minus_refunded(any_session: AsyncSession) -> None:
    ann = await users.get_or_create_user(any_session, 1, "Ann")
    payments = [
        ("a", 1500, PaymentStatus.PAID, DEC_1, None),
        ("b", 5000, PaymentStatus.REFUNDED, DEC_1 + timedelta(hours=2), DEC_1 + timedelta(days=1)),
        ("c", 15000, PaymentStatus.REJECTED, DEC_1, None),  # granted nothing
        ("d", 1500, PaymentStatus.PAID, DEC_1 - timedelta(days=1), None),  # before the window
    ]
    for charge, stars, status, at, refunded_at in payments:
        payment = Payment(
            user_id=ann.id, telegram_user_id=1, plan=PlanCode.PRO, stars=stars,
            charge_id=charge, payload="p", status=status, refunded_at=refunded_at,
        )  # fmt: skip
        any_session.add(payment)
        await any_session.flush()
        payment.created_at = at
    await any_session.flush()
    assert await stats.revenue_per_day(any_session, DEC_1, DEC_1 + timedelta(days=30)) == [
        DayRevenue(date(2026, 12, 1), paid=6500, refunded=0),
        DayRevenue(date(2026, 12, 2), paid=0, refunded=5000),
    ]


async def test_batch_cost_is_the_users_own(any_session: AsyncSession) -> None:
    ann = await users.get_or_create_user(any_session, 1, "Ann")
    bob = await users.get_or_create_user(any_session, 2, "Bob")
    options = BatchOptions(language="en", duration=20, style="s", tone="t")
    batch = Batch(user_id=ann.id, status=BatchStatus.RUNNING, options=options, total=2)
    any_session.add(batch)
    await any_session.flush()
    for index in range(2):
        project = await _project(any_session, ann.id, f"topic {index}")
        project.batch_id, project.batch_index = batch.id, index
        await _spend(any_session, ann.id, DEC_1, "fal", "0.40", project=project)
    single = await _project(any_session, ann.id, "alone")
    await _spend(any_session, ann.id, DEC_1, "fal", "3.00", project=single)
    assert await usage.batch_cost(any_session, ann.id, batch.id) == Decimal("0.80")
    assert await usage.batch_cost(any_session, bob.id, batch.id) == 0
