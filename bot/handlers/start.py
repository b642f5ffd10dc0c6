"""/start, /help, /lang and the main menu."""

from aiogram import F, Router
from aiogram.filters import Command, CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.text_decorations import html_decoration as html
from aiogram_i18n import I18nContext

from bot.callbacks import LanguageCb, MenuAction, MenuCb
from bot.keyboards.menu import languages, main_menu


async def cmd_start(message: Message, state: FSMContext, i18n: I18nContext) -> None:
    """Greet, offer the language (Telegram's is preselected), then the menu."""
    await state.clear()
    name = html.quote(message.from_user.first_name if message.from_user else "")
    await message.answer(i18n.get("start-welcome", name=name), reply_markup=languages())


async def cmd_lang(message: Message, i18n: I18nContext) -> None:
    await message.answer(i18n.get("lang-choose"), reply_markup=languages())


async def cmd_help(message: Message, i18n: I18nContext) -> None:
    await message.answer(i18n.get("help"), reply_markup=main_menu(i18n))


async def cmd_menu(message: Message, i18n: I18nContext) -> None:
    await message.answer(i18n.get("menu"), reply_markup=main_menu(i18n))


async def on_language(query: CallbackQuery, callback_data: LanguageCb, i18n: I18nContext) -> None:
    """Store the language on the user row, then answer in it."""
    await i18n.set_locale(callback_data.language)
    if isinstance(query.message, Message):
        await query.message.edit_text(i18n.get("lang-set"))
        await query.message.answer(i18n.get("menu"), reply_markup=main_menu(i18n))


async def on_menu_language(query: CallbackQuery, i18n: I18nContext) -> None:
    if isinstance(query.message, Message):
        await query.message.answer(i18n.get("lang-choose"), reply_markup=languages())


async def on_menu_help(query: CallbackQuery, i18n: I18nContext) -> None:
    if isinstance(query.message, Message):
        await query.message.answer(i18n.get("help"), reply_markup=main_menu(i18n))


def create_router() -> Router:
    router = Router(name=__name__)
    flags = {"throttling_key": "default"}
    router.message.register(cmd_start, CommandStart(), flags=flags)
    router.message.register(cmd_lang, Command("lang"), flags=flags)
    router.message.register(cmd_help, Command("help"), flags=flags)
    router.message.register(cmd_menu, Command("menu"), flags=flags)
    router.callback_query.register(on_language, LanguageCb.filter(), flags=flags)
    router.callback_query.register(
        on_menu_language, MenuCb.filter(F.action == MenuAction.LANGUAGE), flags=flags
    )
    router.callback_query.register(
        on_menu_help, MenuCb.filter(F.action == MenuAction.HELP), flags=flags
    )
    return router
