"""Refunds: the user's own latest purchase within `PlansSettings.refund_days`, and refunds
Telegram made without us (a refunded_payment message for a payment still on record as paid).

Telegram is asked first; only when the Stars are back is the payment marked refunded and the
plan taken back, in one commit. A refused or failed call changes nothing."""

from dataclasses import dataclass
from datetime import datetime, timedelta

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from core.enums import PaymentStatus
from core.errors import NotFound
from core.plan_settings import PlansSettings
from core.plans import PlanCode
from core.ports.payments import RefundResult, StarRefunds
from db.models import Payment
from db.queries import payments, users
from services.payment_errors import (
    AlreadyRefunded,
    RefundNotLatest,
    RefundRejectedByTelegram,
    RefundUnavailable,
    RefundWindowClosed,
)
from services.plan_grants import end_plan
from services.plans import effective_plan

log = structlog.get_logger(__name__)


@dataclass(frozen=True, slots=True)
class RefundDone:
    payment: Payment
    plan: PlanCode  # the plan left after the refund
    expires_at: datetime | None


def refund_deadline(payment: Payment, plans: PlansSettings) -> datetime:
    return payment.created_at + timedelta(days=plans.refund_days)


async def refundable_payment(
    session: AsyncSession, user_id: int, *, plans: PlansSettings, now: datetime
) -> Payment | None:
    """The user's latest purchase while it can still be refunded (for the /plan button)."""
    payment = await payments.latest_paid(session, user_id)
    if payment is None or now > refund_deadline(payment, plans):
        return None
    return payment


async def _take_back(session: AsyncSession, payment: Payment, now: datetime) -> RefundDone:
    """Undo the payment's period: a renewal paid ahead of time gives back only its own days
    (the plan ends where that period began); otherwise the plan ends now."""
    user = await users.get_user(session, payment.user_id or 0)
    if user is None:
        raise NotFound(what="user")
    start = payment.period_start
    if start is not None and start > now and user.plan == payment.plan:
        user.plan_expires_at = start
    else:
        await end_plan(session, user.id)
    await session.flush()
    plan = effective_plan(user, now)
    expires = user.plan_expires_at if plan.code is not PlanCode.FREE else None
    return RefundDone(payment, plan.code, expires)


async def check_refundable(
    session: AsyncSession, user_id: int, payment_id: int, *, plans: PlansSettings, now: datetime
) -> Payment:
    """The user's payment `payment_id` if it can be refunded now. Another user's (or a
    rejected one) is NotFound; refused twice, after the window, or for an older purchase."""
    payment = await payments.get_user_payment(session, payment_id, user_id)
    if payment is None or payment.status is PaymentStatus.REJECTED:
        raise NotFound(what="payment")
    if payment.status is PaymentStatus.REFUNDED:
        raise AlreadyRefunded
    if now > refund_deadline(payment, plans):
        raise RefundWindowClosed(days=plans.refund_days, date=f"{payment.created_at:%d.%m.%Y}")
    latest = await payments.latest_paid(session, user_id)
    if latest is not None and latest.id != payment.id:
        raise RefundNotLatest
    return payment


async def refund_purchase(
    session: AsyncSession,
    user_id: int,
    payment_id: int,
    *,
    plans: PlansSettings,
    refunds: StarRefunds,
    now: datetime,
) -> RefundDone:
    """Return the Stars of the user's payment `payment_id` and take the plan back (refused
    as `check_refundable` says, or when Telegram says no: nothing changes then)."""
    payment = await check_refundable(session, user_id, payment_id, plans=plans, now=now)
    result = await refunds.refund_stars(payment.telegram_user_id, payment.charge_id)
    if result is RefundResult.UNAVAILABLE:
        raise RefundUnavailable
    if result is RefundResult.REFUSED:
        raise RefundRejectedByTelegram(charge=payment.charge_id)
    await users.lock_user(session, user_id)
    payment.status, payment.refunded_at = PaymentStatus.REFUNDED, now
    done = await _take_back(session, payment, now)
    await session.commit()
    log.info("stars.refunded", user_id=user_id, payment_id=payment.id, stars=payment.stars)
    return done


async def settle_external_refund(
    session: AsyncSession, telegram_id: int, charge_id: str, *, now: datetime
) -> RefundDone | None:
    """Telegram refunded a charge (a refunded_payment message): a payment still on record as
    paid is marked refunded and its plan taken back. None when there is nothing to settle."""
    payment = await payments.get_by_charge_id(session, charge_id)
    paid = payment is not None and payment.status is PaymentStatus.PAID
    if payment is None or not paid or payment.telegram_user_id != telegram_id:
        return None
    await users.lock_user(session, payment.user_id or 0)
    payment.status, payment.refunded_at = PaymentStatus.REFUNDED, now
    done = await _take_back(session, payment, now)
    await session.commit()
    log.info("stars.refund_settled", payment_id=payment.id)
    return done
