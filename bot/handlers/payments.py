"""The checkout and its outcome: pre_checkout_query answered within Telegram's 10 s,
successful_payment turned into a plan (or refused and refunded), refunded_payment settled.

Registered before the conversations: a payment arrives whatever the user is in the middle of.
"""

from datetime import UTC, datetime

from aiogram import Bot, F, Router
from aiogram.types import Message, PreCheckoutQuery
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import translate
from bot.payments_refunds import BotStarRefunds
from bot.plan_view import receipt_text, when_text
from core.errors import DomainError
from core.settings import Settings
from db.models import User
from services.payment_payload import payload_signer
from services.payment_records import PaidCharge, record_payment
from services.payment_refunds import settle_external_refund
from services.payments import Charge, check_checkout, plan_title


async def on_pre_checkout(
    query: PreCheckoutQuery, i18n: I18nContext, session: AsyncSession, settings: Settings
) -> None:
    """ok only for this bot's invoice, for this user, at the plan's price now."""
    charge = Charge(query.currency, query.total_amount, query.invoice_payload)
    signer = payload_signer(settings.web, settings.publishers.secrets_dir)
    try:
        await check_checkout(
            session,
            query.from_user.id,
            charge,
            plans=settings.plans,
            signer=signer,
            now=datetime.now(UTC),
        )
    except DomainError as refused:  # Telegram shows the reason on the payment form
        reason = translate(i18n, refused.key, refused.params, quote=False)
        await query.answer(ok=False, error_message=reason)
        return
    await query.answer(ok=True)


async def on_successful_payment(
    message: Message,
    *,
    i18n: I18nContext,
    session: AsyncSession,
    settings: Settings,
    user: User,
    bot: Bot,
) -> None:
    paid = message.successful_payment
    if paid is None or message.from_user is None:
        return
    charge = PaidCharge(
        paid.currency,
        paid.total_amount,
        paid.invoice_payload,
        paid.telegram_payment_charge_id,
        paid.provider_payment_charge_id,
    )
    outcome = await record_payment(
        session,
        message.from_user.id,
        charge,
        plans=settings.plans,
        signer=payload_signer(settings.web, settings.publishers.secrets_dir),
        refunds=BotStarRefunds(bot),
        now=datetime.now(UTC),
    )
    await message.answer(receipt_text(i18n, outcome, user.timezone))


async def on_refunded_payment(
    message: Message, i18n: I18nContext, session: AsyncSession, user: User
) -> None:
    """Telegram returned Stars without us (its support): take the plan back and say so. The
    bot's own refunds are settled already and need no second word."""
    refund = message.refunded_payment
    if refund is None or message.from_user is None:
        return
    charge_id = refund.telegram_payment_charge_id
    done = await settle_external_refund(
        session, message.from_user.id, charge_id, now=datetime.now(UTC)
    )
    if done is None:
        return
    name, stars = plan_title(done.plan), done.payment.stars
    if done.expires_at is None:
        await message.answer(i18n.get("stars-refunded", stars=stars, name=name))
    else:
        until = when_text(done.expires_at, user.timezone)
        await message.answer(i18n.get("stars-refunded-until", stars=stars, name=name, until=until))


def create_router() -> Router:
    router = Router(name=__name__)
    router.pre_checkout_query.register(on_pre_checkout)
    router.message.register(on_successful_payment, F.successful_payment)
    router.message.register(on_refunded_payment, F.refunded_payment)
    return router
