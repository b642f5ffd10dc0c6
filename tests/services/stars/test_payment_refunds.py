"""Refunds of the user's own fresh purchase, refunds Telegram made without us, renewal
reminders sent once, and plans given by an admin."""

from datetime import datetime, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession
from stars_support import NOW, PLANS, SIGNER, charged, payload_for, person

from bot.payments_refunds import BotStarRefunds
from core.enums import PaymentStatus
from core.errors import InvalidInput, NotFound
from core.plans import PlanCode
from db.models import Payment, User
from services.payment_errors import (
    AlreadyRefunded,
    RefundNotLatest,
    RefundUnavailable,
    RefundWindowClosed,
)
from services.payment_records import record_payment
from services.payment_refunds import refund_purchase, settle_external_refund
from services.plan_admin import grant_plan_by_admin
from services.plan_reminders import claim_plan_reminders, release_plan_reminder
from tests.emulators.telegram import TelegramEmulator

DAYS = PLANS.period_days


async def _buy(
    session: AsyncSession,
    emulator: TelegramEmulator,
    refunds: BotStarRefunds,
    telegram_id: int,
    now: datetime = NOW,
) -> Payment:
    paid = charged(emulator, telegram_id, payload_for(telegram_id))
    outcome = await record_payment(
        session, telegram_id, paid, plans=PLANS, signer=SIGNER, refunds=refunds, now=now
    )
    return outcome.payment


async def test_a_fresh_purchase_is_refunded_and_the_plan_ends(
    session: AsyncSession, emulator: TelegramEmulator, refunds: BotStarRefunds
) -> None:
    ann = await person(session, emulator, 5001)
    payment = await _buy(session, emulator, refunds, 5001)
    later = NOW + timedelta(days=PLANS.refund_days) - timedelta(minutes=1)

    done = await refund_purchase(
        session, ann.id, payment.id, plans=PLANS, refunds=refunds, now=later
    )

    assert (done.plan, done.expires_at) == (PlanCode.FREE, None)
    assert (payment.status, payment.refunded_at) == (PaymentStatus.REFUNDED, later)
    (call,) = emulator.calls("refundStarPayment")
    assert call.params["telegram_payment_charge_id"] == payment.charge_id
    assert emulator.star_balance(5001) == 1_000_000
    await session.refresh(ann)
    assert ann.plan is PlanCode.FREE
    with pytest.raises(AlreadyRefunded):
        await refund_purchase(session, ann.id, payment.id, plans=PLANS, refunds=refunds, now=later)


async def test_someone_elses_payment_is_not_found_and_stays_paid(
    session: AsyncSession, emulator: TelegramEmulator, refunds: BotStarRefunds
) -> None:
    await person(session, emulator, 5001)
    bob = await person(session, emulator, 5002, "Bob")
    payment = await _buy(session, emulator, refunds, 5001)

    with pytest.raises(NotFound):
        await refund_purchase(session, bob.id, payment.id, plans=PLANS, refunds=refunds, now=NOW)
    with pytest.raises(NotFound):
        await refund_purchase(session, bob.id, 999_999, plans=PLANS, refunds=refunds, now=NOW)
    assert payment.status is PaymentStatus.PAID
    assert emulator.calls("refundStarPayment") == []


async def test_refusals_change_nothing(
    session: AsyncSession, emulator: TelegramEmulator, refunds: BotStarRefunds
) -> None:
    ann = await person(session, emulator, 5001)
    first = await _buy(session, emulator, refunds, 5001)
    second = await _buy(session, emulator, refunds, 5001, now=NOW + timedelta(hours=1))
    terms = {"plans": PLANS, "refunds": refunds}

    late = NOW + timedelta(days=PLANS.refund_days, hours=2)
    with pytest.raises(RefundWindowClosed):
        await refund_purchase(session, ann.id, second.id, **terms, now=late)
    with pytest.raises(RefundNotLatest):
        await refund_purchase(session, ann.id, first.id, **terms, now=NOW)
    emulator.faults.server_error("refundStarPayment")
    with pytest.raises(RefundUnavailable):
        await refund_purchase(session, ann.id, second.id, **terms, now=NOW)
    assert (first.status, second.status) == (PaymentStatus.PAID, PaymentStatus.PAID)
    await session.refresh(ann)
    assert ann.plan_expires_at == NOW + timedelta(days=2 * DAYS)


async def test_refunding_a_renewal_gives_back_only_its_days(
    session: AsyncSession, emulator: TelegramEmulator, refunds: BotStarRefunds
) -> None:
    ann = await person(session, emulator, 5001)
    await _buy(session, emulator, refunds, 5001, now=NOW - timedelta(days=10))
    renewal = await _buy(session, emulator, refunds, 5001)

    done = await refund_purchase(
        session, ann.id, renewal.id, plans=PLANS, refunds=refunds, now=NOW
    )

    assert (done.plan, done.expires_at) == (PlanCode.CREATOR, NOW + timedelta(days=DAYS - 10))


async def test_a_refund_telegram_made_takes_the_plan_back_once(
    session: AsyncSession, emulator: TelegramEmulator, refunds: BotStarRefunds
) -> None:
    ann = await person(session, emulator, 5001)
    payment = await _buy(session, emulator, refunds, 5001)

    assert await settle_external_refund(session, 5002, payment.charge_id, now=NOW) is None
    done = await settle_external_refund(session, 5001, payment.charge_id, now=NOW)
    assert done is not None
    assert done.plan is PlanCode.FREE
    assert await settle_external_refund(session, 5001, payment.charge_id, now=NOW) is None
    await session.refresh(ann)
    assert ann.plan is PlanCode.FREE


async def _on_plan(session: AsyncSession, user: User, expires_in: timedelta) -> None:
    user.plan, user.plan_expires_at = PlanCode.CREATOR, NOW + expires_in
    await session.commit()


async def test_a_plan_ending_soon_is_reminded_once_per_period(
    session: AsyncSession, emulator: TelegramEmulator
) -> None:
    ann = await person(session, emulator, 5001)
    bob = await person(session, emulator, 5002, "Bob")
    await _on_plan(session, ann, timedelta(days=PLANS.remind_days - 1))
    await _on_plan(session, bob, timedelta(days=PLANS.remind_days + 1))  # not yet

    (due,) = await claim_plan_reminders(session, plans=PLANS, now=NOW)
    assert (due.user_id, due.plan, due.stars, due.days) == (ann.id, PlanCode.CREATOR, 1500, DAYS)
    assert await claim_plan_reminders(session, plans=PLANS, now=NOW + timedelta(hours=1)) == []

    await release_plan_reminder(session, ann.id, claimed_at=NOW)  # it did not go through
    (again,) = await claim_plan_reminders(session, plans=PLANS, now=NOW + timedelta(hours=2))
    assert again.user_id == ann.id

    await _on_plan(session, ann, timedelta(days=DAYS + 1))  # renewed: a new period
    later = NOW + timedelta(days=DAYS - 1)
    assert [r.user_id for r in await claim_plan_reminders(session, plans=PLANS, now=later)] == [
        ann.id
    ]


async def test_an_admin_grants_and_ends_a_plan(
    session: AsyncSession, emulator: TelegramEmulator
) -> None:
    await person(session, emulator, 5001)

    granted = await grant_plan_by_admin(session, 5001, PlanCode.PRO, days=10, now=NOW)
    assert granted.expires_at == NOW + timedelta(days=10)
    more = await grant_plan_by_admin(session, 5001, PlanCode.PRO, days=5, now=NOW)
    assert more.expires_at == NOW + timedelta(days=15)
    ended = await grant_plan_by_admin(session, 5001, PlanCode.FREE, days=1, now=NOW)
    assert (ended.expires_at, ended.user.plan) == (None, PlanCode.FREE)
    with pytest.raises(NotFound):
        await grant_plan_by_admin(session, 404, PlanCode.PRO, days=10, now=NOW)
    with pytest.raises(InvalidInput):
        await grant_plan_by_admin(session, 5001, PlanCode.PRO, days=0, now=NOW)
