"""Upgrades paid with Telegram Stars: the invoice, and the check before Telegram charges.

/plan -> `start_upgrade` (a signed payload with the user, the plan and the price) ->
sendInvoice -> the user presses Pay -> pre_checkout_query -> `check_checkout` (answered within
Telegram's 10 s) -> successful_payment -> `services.payment_records.record_payment`.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import NotFound
from core.plan_settings import PlansSettings
from core.plans import PAID_PLANS, PLANS, PlanCode
from db.models import User
from db.queries import users
from services.payment_errors import (
    DowngradeWhileActive,
    ForeignInvoice,
    InvoiceNotYours,
    PlanNotSold,
    PriceChanged,
    WrongCurrency,
)
from services.payment_payload import InvoicePayload, PayloadSigner
from services.plans import effective_plan

STARS = "XTR"
PLAN_TITLES = {
    PlanCode.FREE: "Free",
    PlanCode.CREATOR: "Creator",
    PlanCode.PRO: "Pro",
    PlanCode.AGENCY: "Agency",
}


def plan_title(code: PlanCode) -> str:
    """The plan's name: a brand, the same in every language."""
    return PLAN_TITLES[code]


@dataclass(frozen=True, slots=True)
class UpgradeInvoice:
    plan: PlanCode
    stars: int
    days: int
    payload: str
    shorts_per_month: int | None  # None: unlimited


@dataclass(frozen=True, slots=True)
class Charge:
    """What Telegram says about a checkout or a payment (from the update, so untrusted)."""

    currency: str
    total_amount: int
    payload: str


def is_downgrade(user: User, code: PlanCode, now: datetime) -> bool:
    """Buying `code` would cut short a higher paid plan that is still running."""
    current = effective_plan(user, now).code
    if current not in PAID_PLANS:
        return False
    return PAID_PLANS.index(code) < PAID_PLANS.index(current)


def check_not_downgrade(user: User, code: PlanCode, now: datetime) -> None:
    if is_downgrade(user, code, now):
        current = effective_plan(user, now).code
        ends = user.plan_expires_at
        until = f"{ends:%d.%m.%Y}" if ends is not None else "—"  # a grant with no end
        raise DowngradeWhileActive(current=plan_title(current), name=plan_title(code), until=until)


def check_sold(code: PlanCode) -> None:
    if code not in PAID_PLANS:
        raise PlanNotSold(name=plan_title(code))


def verified_payload(signer: PayloadSigner, telegram_id: int, charge: Charge) -> InvoicePayload:
    """The invoice's payload, if this bot made it for this user in Stars; else PaymentRefused."""
    payload = signer.read(charge.payload)
    if payload is None:
        raise ForeignInvoice
    if payload.telegram_id != telegram_id:
        raise InvoiceNotYours
    if charge.currency != STARS:
        raise WrongCurrency
    check_sold(payload.plan)
    return payload


async def start_upgrade(
    session: AsyncSession,
    user_id: int,
    code: PlanCode,
    *,
    plans: PlansSettings,
    signer: PayloadSigner,
    now: datetime,
) -> UpgradeInvoice:
    """The invoice for `code` at today's price. Nothing is stored: the payload carries who,
    what and how much, signed, and comes back with the checkout and the payment."""
    check_sold(code)
    user = await users.get_user(session, user_id)
    if user is None or user.telegram_id is None:
        raise NotFound(what="user")
    check_not_downgrade(user, code, now)
    stars = plans.price_stars(code)
    payload = InvoicePayload(user.telegram_id, code, stars, int(now.timestamp()))
    shorts = PLANS[code].shorts_per_month
    return UpgradeInvoice(code, stars, plans.period_days, signer.sign(payload), shorts)


async def check_checkout(
    session: AsyncSession,
    telegram_id: int,
    charge: Charge,
    *,
    plans: PlansSettings,
    signer: PayloadSigner,
    now: datetime,
) -> InvoicePayload:
    """Whether Telegram may charge: an invoice of this bot, for this Telegram user, in Stars,
    for a plan still sold, at its price now. Raises PaymentRefused (the user sees why)."""
    payload = verified_payload(signer, telegram_id, charge)
    price = plans.price_stars(payload.plan)
    if charge.total_amount != price or payload.stars != price:
        raise PriceChanged(name=plan_title(payload.plan), stars=price)
    user = await users.get_user_by_telegram_id(session, telegram_id)
    if user is None:
        raise NotFound(what="user")
    check_not_downgrade(user, payload.plan, now)
    return payload
