"""The catch-all, registered last: anything no feature understood gets a short answer."""

from aiogram import Router
from aiogram.filters import StateFilter
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram_i18n import I18nContext

from bot.keyboards.menu import main_menu


async def on_unknown_message(message: Message, i18n: I18nContext) -> None:
    await message.answer(i18n.get("unknown-message"), reply_markup=main_menu(i18n))


async def on_stale_message(message: Message, i18n: I18nContext) -> None:
    """A conversation is open but its own fallback did not take this (e.g. a command)."""
    await message.answer(i18n.get("finish-or-cancel"))


async def on_unknown_callback(
    query: CallbackQuery, callback_answer: CallbackAnswer, i18n: I18nContext
) -> None:
    """A button from an old message, or tampered data: never silence."""
    del query
    callback_answer.text = i18n.get("button-stale")
    callback_answer.show_alert = True


def create_router() -> Router:
    router = Router(name=__name__)
    flags = {"throttling_key": "default"}
    router.message.register(on_unknown_message, StateFilter(None), flags=flags)
    router.message.register(on_stale_message, flags=flags)
    router.callback_query.register(on_unknown_callback, flags=flags)
    return router
