"""The wallet's rules on their own: who has a ceiling, calls in flight count, a refusal
names the provider and leaves nothing behind."""

import asyncio
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.enums import UsageUnit
from core.settings import BotSettings, LimitsSettings, Settings
from db.models import User
from db.queries import usage, users
from pipeline.spend_limits import DailySpendExceeded, daily_ceiling
from pipeline.wallet import Wallets

ADMIN = 42
EVER = datetime(2000, 1, 1, tzinfo=UTC)


@pytest.fixture
def limits() -> Settings:
    return Settings(bot=BotSettings(admin_ids=[ADMIN]), limits=LimitsSettings(daily_spend_usd=1.0))


async def make_user(sessionmaker: async_sessionmaker[AsyncSession], telegram_id: int) -> User:
    async with sessionmaker() as session:
        user = await users.get_or_create_user(session, telegram_id, "Someone", "en")
        await session.commit()
        return user


async def test_the_operator_has_no_ceiling(
    committing: async_sessionmaker[AsyncSession], limits: Settings
) -> None:
    async with committing() as session:
        local = await users.get_or_create_local_user(session, "en")
        await session.commit()
    admin, payer = await make_user(committing, ADMIN), await make_user(committing, 7)

    assert daily_ceiling(local, limits) is None
    assert daily_ceiling(admin, limits) is None
    assert daily_ceiling(payer, limits) == Decimal("1.0")
    async with Wallets(committing, limits).of(admin).paid_call("fal", 500) as call:
        await call.record(UsageUnit.IMAGES, 1, 500)  # booked all the same


async def test_calls_in_flight_count_against_the_ceiling(
    committing: async_sessionmaker[AsyncSession], limits: Settings
) -> None:
    wallet = Wallets(committing, limits).of(await make_user(committing, 8))
    answered = asyncio.Event()

    async def first_call() -> None:
        async with wallet.paid_call("fal", "0.60") as call:
            await answered.wait()  # still in flight
            await call.record(UsageUnit.IMAGES, 1, "0.60", request_id="job-1")

    first = asyncio.create_task(first_call())
    await asyncio.sleep(0)
    with pytest.raises(DailySpendExceeded) as refused:
        async with wallet.paid_call("elevenlabs", "0.50"):
            pytest.fail("a call over the ceiling must not be made")
    answered.set()
    await first

    assert refused.value.params["estimate"] == pytest.approx(1.10)  # in flight + this one
    assert wallet.refused == {"elevenlabs"}
    async with committing() as session:
        totals = await usage.usage_totals(session, wallet.user_id, EVER)
    assert totals[UsageUnit.IMAGES].cost_usd == Decimal("0.60")  # only the call made
    assert UsageUnit.CHARACTERS not in totals
