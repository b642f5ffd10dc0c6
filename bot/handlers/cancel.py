"""/cancel and the menu button: leave any conversation, keep everything already saved."""

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram_i18n import I18nContext

from bot.callbacks import MenuAction, MenuCb
from bot.keyboards.menu import main_menu


async def cmd_cancel(message: Message, state: FSMContext, i18n: I18nContext) -> None:
    key = "cancelled" if await state.get_state() is not None else "nothing-to-cancel"
    await state.clear()
    await message.answer(i18n.get(key), reply_markup=main_menu(i18n))


async def on_menu_home(query: CallbackQuery, state: FSMContext, i18n: I18nContext) -> None:
    await state.clear()
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)
        await query.message.answer(i18n.get("menu"), reply_markup=main_menu(i18n))


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(cmd_cancel, Command("cancel"))
    router.callback_query.register(on_menu_home, MenuCb.filter(F.action == MenuAction.HOME))
    return router
