"""The invoice, the checkout and the payment: a plan is granted once, for the right person and
price; anything else is refused at the checkout or rejected and refunded."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from stars_support import NOW, PLANS, SIGNER, charged, payload_for, person

from bot.payments_refunds import BotStarRefunds
from core.enums import PaymentStatus
from core.plan_settings import PlansSettings
from core.plans import PlanCode
from core.ports.payments import RefundResult
from db.models import Payment
from db.queries import users
from services.payment_errors import (
    DowngradeWhileActive,
    ForeignInvoice,
    InvoiceNotYours,
    PlanNotSold,
    PriceChanged,
    WrongAmount,
    WrongCurrency,
)
from services.payment_records import record_payment
from services.payments import Charge, check_checkout, start_upgrade
from services.plan_grants import grant_plan
from services.plan_screen import get_plan_screen
from tests.emulators.telegram import TelegramEmulator

DAYS = PLANS.period_days


def tampered(payload: str) -> str:
    """The payload with the last character of its MAC changed."""
    return payload[:-1] + ("B" if payload.endswith("A") else "A")


async def _payments(session: AsyncSession) -> int:
    return int(await session.scalar(select(func.count()).select_from(Payment)) or 0)


async def test_the_invoice_carries_who_what_and_the_price_signed(
    session: AsyncSession, emulator: TelegramEmulator
) -> None:
    ann = await person(session, emulator, 5001)

    invoice = await start_upgrade(
        session, ann.id, PlanCode.PRO, plans=PLANS, signer=SIGNER, now=NOW
    )

    assert (invoice.plan, invoice.stars, invoice.days) == (PlanCode.PRO, 5000, DAYS)
    payload = SIGNER.read(invoice.payload)
    assert payload is not None
    assert (payload.telegram_id, payload.plan, payload.stars) == (5001, PlanCode.PRO, 5000)
    assert len(invoice.payload.encode()) <= 128
    assert SIGNER.read(invoice.payload.replace("5000", "1")) is None  # tampered
    with pytest.raises(PlanNotSold):
        await start_upgrade(session, ann.id, PlanCode.FREE, plans=PLANS, signer=SIGNER, now=NOW)


async def test_a_running_higher_plan_is_not_cut_short(
    session: AsyncSession, emulator: TelegramEmulator
) -> None:
    ann = await person(session, emulator, 5001)
    await grant_plan(session, ann.id, PlanCode.PRO, days=DAYS, now=NOW)
    await session.commit()

    with pytest.raises(DowngradeWhileActive):
        await start_upgrade(session, ann.id, PlanCode.CREATOR, plans=PLANS, signer=SIGNER, now=NOW)
    invoice = await start_upgrade(
        session, ann.id, PlanCode.AGENCY, plans=PLANS, signer=SIGNER, now=NOW
    )
    assert invoice.stars == 15000
    screen = await get_plan_screen(session, ann.id, plans=PLANS, now=NOW)
    assert screen.offers == ((PlanCode.PRO, 5000), (PlanCode.AGENCY, 15000))
    assert (screen.status.plan.code, screen.refundable) == (PlanCode.PRO, None)


@pytest.mark.parametrize(
    ("charge", "refused"),
    [
        (Charge("XTR", 1500, payload_for(5002)), InvoiceNotYours),
        (Charge("XTR", 1500, "creator-1500"), ForeignInvoice),
        (Charge("XTR", 1500, tampered(payload_for(5001))), ForeignInvoice),
        (Charge("USD", 1500, payload_for(5001)), WrongCurrency),
        (Charge("XTR", 1, payload_for(5001)), PriceChanged),
        (Charge("XTR", 1500, payload_for(5001, PlanCode.FREE, 0)), PlanNotSold),
    ],
)
async def test_checkout_refusals(
    session: AsyncSession, emulator: TelegramEmulator, charge: Charge, refused: type[Exception]
) -> None:
    await person(session, emulator, 5001)

    with pytest.raises(refused):
        await check_checkout(session, 5001, charge, plans=PLANS, signer=SIGNER, now=NOW)


async def test_checkout_after_a_price_change_is_refused_with_the_new_price(
    session: AsyncSession, emulator: TelegramEmulator
) -> None:
    await person(session, emulator, 5001)
    charge = Charge("XTR", 1500, payload_for(5001))
    await check_checkout(session, 5001, charge, plans=PLANS, signer=SIGNER, now=NOW)

    dearer = PlansSettings(creator_stars=2000)
    with pytest.raises(PriceChanged) as refused:
        await check_checkout(session, 5001, charge, plans=dearer, signer=SIGNER, now=NOW)
    assert refused.value.params == {"name": "Creator", "stars": 2000}


async def test_a_payment_grants_the_plan_once_and_stacks_on_the_same_plan(
    session: AsyncSession, emulator: TelegramEmulator, refunds: BotStarRefunds
) -> None:
    ann = await person(session, emulator, 5001)
    paid = charged(emulator, 5001, payload_for(5001))
    terms = {"plans": PLANS, "signer": SIGNER, "refunds": refunds, "now": NOW}

    first = await record_payment(session, 5001, paid, **terms)
    again = await record_payment(session, 5001, paid, **terms)  # the same update, replayed

    assert first.expires_at == NOW + timedelta(days=DAYS)
    assert (first.payment.status, first.payment.plan, first.payment.stars) == (
        PaymentStatus.PAID,
        PlanCode.CREATOR,
        1500,
    )
    assert (first.payment.period_start, first.payment.period_end) == (NOW, first.expires_at)
    assert again.repeated
    assert await _payments(session) == 1
    await session.refresh(ann)
    assert (ann.plan, ann.plan_expires_at) == (PlanCode.CREATOR, NOW + timedelta(days=DAYS))

    renewal = charged(emulator, 5001, payload_for(5001))
    later = NOW + timedelta(days=1)
    second = await record_payment(session, 5001, renewal, **(terms | {"now": later}))
    assert second.expires_at == NOW + timedelta(days=2 * DAYS)
    assert second.payment.period_start == NOW + timedelta(days=DAYS)


@pytest.mark.parametrize(
    ("payer", "stars", "reason"),
    [(5002, 1500, InvoiceNotYours), (5001, 1, WrongAmount)],
)
async def test_a_payment_for_someone_else_or_a_wrong_amount_is_rejected_and_refunded(
    session: AsyncSession,
    emulator: TelegramEmulator,
    refunds: BotStarRefunds,
    *,
    payer: int,
    stars: int,
    reason: type[Exception],
) -> None:
    await person(session, emulator, 5001)
    await person(session, emulator, 5002, "Bob")
    paid = charged(emulator, payer, payload_for(5001), stars=stars)
    terms = {"plans": PLANS, "signer": SIGNER, "refunds": refunds, "now": NOW}

    outcome = await record_payment(session, payer, paid, **terms)

    assert isinstance(outcome.reason, reason)
    assert (outcome.payment.status, outcome.refund) == (
        PaymentStatus.REJECTED,
        RefundResult.REFUNDED,
    )
    assert outcome.payment.refunded_at == NOW
    assert emulator.payments.charges[paid.charge_id].refunded_at is not None
    assert emulator.star_balance(payer) == 1_000_000
    for telegram_id in (5001, 5002):
        user = await users.get_user_by_telegram_id(session, telegram_id)
        assert user is not None
        assert user.plan is PlanCode.FREE
    replay = await record_payment(session, payer, paid, **terms)
    assert replay.repeated
    assert len(emulator.calls("refundStarPayment")) == 1


async def test_a_rejected_payment_is_kept_on_record_when_telegram_is_down(
    session: AsyncSession, emulator: TelegramEmulator, refunds: BotStarRefunds
) -> None:
    await person(session, emulator, 5002, "Bob")
    paid = charged(emulator, 5002, payload_for(5001))
    emulator.faults.server_error("refundStarPayment")

    outcome = await record_payment(
        session, 5002, paid, plans=PLANS, signer=SIGNER, refunds=refunds, now=NOW
    )

    assert (outcome.refund, outcome.payment.refunded_at) == (RefundResult.UNAVAILABLE, None)
    assert outcome.payment.status is PaymentStatus.REJECTED
    assert emulator.star_balance(5002) == 1_000_000 - 1500  # still with the bot: told to ask
