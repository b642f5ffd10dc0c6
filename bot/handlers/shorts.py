"""My Shorts: a paged list with status; opening one sends its files again, then where it
was published (with the buttons each publication allows) and its numbers there."""

from aiogram import Bot, F, Router
from aiogram.filters import Command, StateFilter
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.text_decorations import html_decoration as html
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import MenuAction, MenuCb, ShortsAction, ShortsCb
from bot.handlers.publications import send_publications
from bot.i18n import translate
from bot.keyboards.retry import retry
from bot.keyboards.shorts import ShortRow, shorts_page
from bot.replies import send_deliverables
from bot.short_numbers import send_short_numbers
from core.enums import ProjectStatus
from db.models import User
from services import shorts
from services.analytics import short_numbers
from services.deliverables import get_deliverables
from services.publication_views import project_publications
from storage.disk import Storage

THROTTLE = {"throttling_key": "default"}


async def _page(
    session: AsyncSession, user: User, i18n: I18nContext, page: int
) -> tuple[str, InlineKeyboardMarkup]:
    found, has_next = await shorts.list_shorts(session, user.id, page=page)
    if not found and page == 0:
        return i18n.get("shorts-empty"), shorts_page(i18n, [], 0, has_next=False)
    rows = [ShortRow(p.id, p.topic, p.status.value) for p in found]
    return i18n.get("shorts-title", page=page + 1), shorts_page(i18n, rows, page, has_next)


async def cmd_shorts(
    message: Message, i18n: I18nContext, session: AsyncSession, user: User
) -> None:
    text, markup = await _page(session, user, i18n, 0)
    await message.answer(text, reply_markup=markup)


async def on_menu_shorts(
    query: CallbackQuery, i18n: I18nContext, session: AsyncSession, user: User
) -> None:
    text, markup = await _page(session, user, i18n, 0)
    if isinstance(query.message, Message):
        await query.message.answer(text, reply_markup=markup)


async def on_page(
    query: CallbackQuery,
    *,
    callback_data: ShortsCb,
    i18n: I18nContext,
    session: AsyncSession,
    user: User,
) -> None:
    text, markup = await _page(session, user, i18n, max(0, callback_data.page))
    if isinstance(query.message, Message):
        await query.message.edit_text(text, reply_markup=markup)


async def on_open(
    query: CallbackQuery,
    *,
    callback_data: ShortsCb,
    i18n: I18nContext,
    session: AsyncSession,
    user: User,
    file_storage: Storage,
    bot: Bot,
) -> None:
    result = await get_deliverables(session, file_storage, user.id, callback_data.project_id)
    chat_id = query.from_user.id
    if result.status is ProjectStatus.DONE:
        await send_deliverables(bot, chat_id, i18n, result, with_script=True)
        views = await project_publications(session, user.id, result.project_id)
        await send_publications(bot, chat_id, i18n, views, user.timezone)
        numbers = await short_numbers(session, user.id, result.project_id)
        await send_short_numbers(bot, chat_id, i18n, numbers, user.timezone)
        return
    status = i18n.get(f"status-{result.status.value}")
    reason = translate(i18n, result.error_key) if result.error_key else ""
    text = i18n.get("short-status", topic=html.quote(result.topic), status=status, reason=reason)
    failed = result.status is ProjectStatus.FAILED
    await bot.send_message(
        chat_id, text, reply_markup=retry(i18n, result.project_id) if failed else None
    )


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(cmd_shorts, Command("shorts"), StateFilter(None), flags=THROTTLE)
    cb = router.callback_query.register
    cb(on_menu_shorts, MenuCb.filter(F.action == MenuAction.SHORTS), flags=THROTTLE)
    cb(on_page, ShortsCb.filter(F.action == ShortsAction.PAGE), flags=THROTTLE)
    cb(on_open, ShortsCb.filter(F.action == ShortsAction.OPEN), flags=THROTTLE)
    return router
