"""/cancel and the menu button: leave any conversation, keep everything already saved;
/cancel outside a conversation lists the scheduled publications to cancel."""

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import MenuAction, MenuCb
from bot.keyboards.menu import main_menu
from bot.keyboards.publications import publication_buttons, publications_text
from db.models import User
from services.publication_views import scheduled_publications


async def cmd_cancel(
    message: Message, state: FSMContext, i18n: I18nContext, session: AsyncSession, user: User
) -> None:
    """Leave the conversation's step; with none, offer to cancel scheduled publications."""
    if await state.get_state() is not None:
        await state.clear()
        await message.answer(i18n.get("cancelled"), reply_markup=main_menu(i18n))
        return
    await state.clear()
    views = await scheduled_publications(session, user.id)
    if not views:
        await message.answer(i18n.get("nothing-to-cancel"), reply_markup=main_menu(i18n))
        return
    text = publications_text(i18n, views, user.timezone, "publications-scheduled")
    await message.answer(text, reply_markup=publication_buttons(i18n, views))


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
