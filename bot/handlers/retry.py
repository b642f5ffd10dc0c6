"""Try again: a failed Short is made again from where it stopped (finished steps are kept)."""

from contextlib import suppress

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery, Message
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import PreviewAction, PreviewCb
from bot.production import show_queued
from core.ports import JobQueue
from core.settings import Settings
from db.models import User
from services import review
from storage.disk import Storage

THROTTLE = {"throttling_key": "preview"}


async def on_retry(
    query: CallbackQuery,
    *,
    callback_data: PreviewCb,
    i18n: I18nContext,
    session: AsyncSession,
    user: User,
    file_storage: Storage,
    queue: JobQueue,
    bot: Bot,
    settings: Settings,
) -> None:
    project = await review.retry_project(
        session,
        file_storage,
        user.id,
        callback_data.project_id,
        limits=settings.limits,
        queue=queue,
    )
    key = "progress-retry"
    await show_queued(
        bot, project, session=session, i18n=i18n, chat_id=query.from_user.id, key=key
    )
    if isinstance(query.message, Message):
        with suppress(TelegramBadRequest):  # a message too old to edit keeps its button
            await query.message.edit_reply_markup(reply_markup=None)


def create_router() -> Router:
    router = Router(name=__name__)
    retry = PreviewCb.filter(F.action == PreviewAction.RETRY)
    router.callback_query.register(on_retry, retry, flags=THROTTLE)
    return router
