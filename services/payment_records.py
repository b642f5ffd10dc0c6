"""A successful_payment becomes a plan, once: the charge ID is unique, so the same update
delivered twice grants once. A payment the bot never offered (another user's invoice, a
wrong amount or currency, a payload it did not sign) grants nothing: it is recorded as
rejected and its Stars are sent back."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from core.enums import PaymentStatus
from core.errors import NotFound
from core.plan_settings import PlansSettings
from core.plans import PlanCode
from core.ports.payments import RefundResult, StarRefunds
from db.models import Payment, User
from db.queries import payments, users
from services.payment_errors import PaymentRefused, WrongAmount
from services.payment_payload import PayloadSigner
from services.payments import Charge, verified_payload
from services.plan_grants import grant_plan

log = structlog.get_logger(__name__)
RETURNED = frozenset({RefundResult.REFUNDED, RefundResult.ALREADY_REFUNDED})


@dataclass(frozen=True, slots=True)
class PaidCharge(Charge):
    charge_id: str
    provider_charge_id: str | None = None


@dataclass(frozen=True, slots=True)
class PaymentOutcome:
    """What became of a successful_payment. `repeated`: this charge was on record already
    (nothing was granted or refunded now). `reason` and `refund` for a rejected one."""

    payment: Payment
    repeated: bool = False
    expires_at: datetime | None = None
    reason: PaymentRefused | None = None
    refund: RefundResult | None = None


def _row(telegram_id: int, paid: PaidCharge, now: datetime, **fields: Any) -> dict[str, Any]:
    return {
        "telegram_user_id": telegram_id,
        "stars": paid.total_amount,
        "charge_id": paid.charge_id,
        "provider_charge_id": paid.provider_charge_id,
        "payload": paid.payload[:128],
        "created_at": now,
        **fields,
    }


async def _on_record(session: AsyncSession, charge_id: str) -> PaymentOutcome:
    payment = await payments.get_by_charge_id(session, charge_id)
    if payment is None:  # cannot be: the insert met this very charge
        raise NotFound(what="payment")
    log.info("stars.payment_repeated", payment_id=payment.id, status=payment.status.value)
    return PaymentOutcome(payment, repeated=True, expires_at=payment.period_end)


async def record_payment(
    session: AsyncSession,
    telegram_id: int,
    paid: PaidCharge,
    *,
    plans: PlansSettings,
    signer: PayloadSigner,
    refunds: StarRefunds,
    now: datetime,
) -> PaymentOutcome:
    """Grant the paid plan for `plans.period_days` (added to the same plan still running),
    or reject the payment and return its Stars. Idempotent on the charge ID."""
    if await payments.get_by_charge_id(session, paid.charge_id) is not None:
        return await _on_record(session, paid.charge_id)
    user = await users.get_user_by_telegram_id(session, telegram_id)
    if user is None:
        raise NotFound(what="user")
    try:
        payload = verified_payload(signer, telegram_id, paid)
        if paid.total_amount != payload.stars:  # the price agreed when the invoice was made
            raise WrongAmount(paid=paid.total_amount, stars=payload.stars)
    except PaymentRefused as reason:
        return await _reject(session, user, paid, reason, refunds=refunds, now=now)
    row = _row(telegram_id, paid, now, user_id=user.id, plan=payload.plan)
    if not await payments.insert_payment(session, row | {"status": PaymentStatus.PAID}):
        await session.rollback()
        return await _on_record(session, paid.charge_id)
    expires = await grant_plan(session, user.id, payload.plan, days=plans.period_days, now=now)
    payment = await payments.get_by_charge_id(session, paid.charge_id)
    assert payment is not None  # noqa: S101 - inserted above, in this transaction
    payment.period_start = max(now, expires - timedelta(days=plans.period_days))
    payment.period_end = expires
    await session.commit()
    log.info(
        "stars.plan_granted", user_id=user.id, plan=payload.plan.value, stars=paid.total_amount
    )
    return PaymentOutcome(payment, expires_at=expires)


async def _reject(
    session: AsyncSession,
    user: User,
    paid: PaidCharge,
    reason: PaymentRefused,
    *,
    refunds: StarRefunds,
    now: datetime,
) -> PaymentOutcome:
    """Record the rejection first (committed: nothing is lost if the refund call hangs),
    then ask Telegram to return the Stars."""
    # The payload is not trusted here, so the row names no plan (Free: nothing granted).
    telegram_id = user.telegram_id or 0
    row = _row(telegram_id, paid, now, user_id=user.id, plan=PlanCode.FREE)
    if not await payments.insert_payment(session, row | {"status": PaymentStatus.REJECTED}):
        await session.rollback()
        return await _on_record(session, paid.charge_id)
    await session.commit()
    log.warning("stars.payment_rejected", user_id=user.id, reason=type(reason).__name__)
    result = await refunds.refund_stars(telegram_id, paid.charge_id)
    payment = await payments.get_by_charge_id(session, paid.charge_id)
    assert payment is not None  # noqa: S101 - committed above
    if result in RETURNED:
        payment.refunded_at = now
        await session.commit()
    return PaymentOutcome(payment, reason=reason, refund=result)
