"""/plan: the plan, this month's use and what is left, buttons to buy a plan for N ⭐ (an
invoice), and a refund of a fresh purchase (asked first)."""

from datetime import UTC, datetime

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, LabeledPrice, Message
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import PlanAction, PlanCb
from bot.keyboards.plan import plan_keyboard, refund_confirm
from bot.payments_refunds import BotStarRefunds
from bot.plan_view import plan_text, when_text
from core.settings import Settings
from db.models import User
from services.payment_payload import payload_signer
from services.payment_refunds import check_refundable, refund_purchase
from services.payments import STARS, plan_title, start_upgrade
from services.plan_screen import get_plan_screen


async def _screen(
    i18n: I18nContext, session: AsyncSession, user: User, settings: Settings
) -> tuple[str, InlineKeyboardMarkup]:
    screen = await get_plan_screen(session, user.id, plans=settings.plans, now=datetime.now(UTC))
    return plan_text(i18n, screen, user.timezone), plan_keyboard(i18n, screen)


async def cmd_plan(
    message: Message, i18n: I18nContext, session: AsyncSession, user: User, settings: Settings
) -> None:
    text, keyboard = await _screen(i18n, session, user, settings)
    await message.answer(text, reply_markup=keyboard)


async def on_buy(
    query: CallbackQuery,
    *,
    callback_data: PlanCb,
    i18n: I18nContext,
    session: AsyncSession,
    user: User,
    settings: Settings,
    bot: Bot,
) -> None:
    """An invoice at today's price; Telegram shows its Pay button."""
    invoice = await start_upgrade(
        session,
        user.id,
        callback_data.plan,
        plans=settings.plans,
        signer=payload_signer(settings.web, settings.publishers.secrets_dir),
        now=datetime.now(UTC),
    )
    name = plan_title(invoice.plan)
    if invoice.shorts_per_month is None:
        description = i18n.get("stars-invoice-description-unlimited", name=name, days=invoice.days)
    else:
        description = i18n.get(
            "stars-invoice-description",
            name=name,
            days=invoice.days,
            shorts=invoice.shorts_per_month,
        )
    label = i18n.get("stars-invoice-label", name=name, days=invoice.days)
    await bot.send_invoice(
        chat_id=query.from_user.id,
        title=i18n.get("stars-invoice-title", name=name),
        description=description,
        payload=invoice.payload,
        currency=STARS,
        prices=[LabeledPrice(label=label, amount=invoice.stars)],
    )


async def on_refund(
    query: CallbackQuery,
    *,
    callback_data: PlanCb,
    i18n: I18nContext,
    session: AsyncSession,
    user: User,
    settings: Settings,
) -> None:
    """Ask first: the plan ends when the Stars go back."""
    payment = await check_refundable(
        session, user.id, callback_data.payment_id, plans=settings.plans, now=datetime.now(UTC)
    )
    text = i18n.get("myplan-refund-confirm", name=plan_title(payment.plan), stars=payment.stars)
    if isinstance(query.message, Message):
        await query.message.edit_text(text, reply_markup=refund_confirm(i18n, payment.id))


async def on_refund_yes(
    query: CallbackQuery,
    *,
    callback_data: PlanCb,
    i18n: I18nContext,
    session: AsyncSession,
    user: User,
    settings: Settings,
    bot: Bot,
) -> None:
    done = await refund_purchase(
        session,
        user.id,
        callback_data.payment_id,
        plans=settings.plans,
        refunds=BotStarRefunds(bot),
        now=datetime.now(UTC),
    )
    name, stars = plan_title(done.plan), done.payment.stars
    if done.expires_at is None:
        text = i18n.get("stars-refunded", stars=stars, name=name)
    else:
        until = when_text(done.expires_at, user.timezone)
        text = i18n.get("stars-refunded-until", stars=stars, name=name, until=until)
    if isinstance(query.message, Message):
        await query.message.edit_text(text)


async def on_keep(
    query: CallbackQuery, i18n: I18nContext, session: AsyncSession, user: User, settings: Settings
) -> None:
    text, keyboard = await _screen(i18n, session, user, settings)
    if isinstance(query.message, Message):
        await query.message.edit_text(
            i18n.get("stars-refund-kept") + "\n\n" + text, reply_markup=keyboard
        )


def create_router() -> Router:
    router = Router(name=__name__)
    flags = {"throttling_key": "default"}
    router.message.register(cmd_plan, Command("plan"), flags=flags)
    callbacks = router.callback_query
    callbacks.register(on_buy, PlanCb.filter(F.action == PlanAction.BUY), flags=flags)
    callbacks.register(on_refund, PlanCb.filter(F.action == PlanAction.REFUND), flags=flags)
    callbacks.register(
        on_refund_yes, PlanCb.filter(F.action == PlanAction.REFUND_YES), flags=flags
    )
    callbacks.register(on_keep, PlanCb.filter(F.action == PlanAction.KEEP), flags=flags)
    return router
