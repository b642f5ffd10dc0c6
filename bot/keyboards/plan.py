"""/plan's buttons: buy a plan for N ⭐, refund a fresh purchase (asked first), renew."""

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder
from aiogram_i18n import I18nContext

from bot.callbacks import PlanAction, PlanCb
from core.plans import PlanCode
from services.payments import plan_title
from services.plan_screen import PlanScreen


def plan_keyboard(i18n: I18nContext, screen: PlanScreen) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for code, stars in screen.offers:
        builder.button(
            text=i18n.get("myplan-buy", name=plan_title(code), stars=stars),
            callback_data=PlanCb(action=PlanAction.BUY, plan=code),
        )
    if (payment := screen.refundable) is not None:
        builder.button(
            text=i18n.get("myplan-refund", name=plan_title(payment.plan), stars=payment.stars),
            callback_data=PlanCb(action=PlanAction.REFUND, payment_id=payment.id),
        )
    builder.adjust(1)
    return builder.as_markup()


def refund_confirm(i18n: I18nContext, payment_id: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=i18n.get("myplan-refund-yes"),
        callback_data=PlanCb(action=PlanAction.REFUND_YES, payment_id=payment_id),
    )
    builder.button(text=i18n.get("myplan-refund-no"), callback_data=PlanCb(action=PlanAction.KEEP))
    builder.adjust(1)
    return builder.as_markup()


def renew(i18n: I18nContext, code: PlanCode, stars: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=i18n.get("stars-renew", name=plan_title(code), stars=stars),
        callback_data=PlanCb(action=PlanAction.BUY, plan=code),
    )
    return builder.as_markup()
