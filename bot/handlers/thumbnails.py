"""The preview's thumbnails: show the three candidates, pick one, or ask for three new."""

from aiogram import Bot, F, Router
from aiogram.types import CallbackQuery, FSInputFile, InputMediaPhoto, Message
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import PreviewAction, PreviewCb
from bot.keyboards.thumbnails import thumbnails
from bot.production import show_queued
from core.ports import JobQueue
from core.settings import Settings
from db.models import User
from services import thumbnails as thumbnail_service
from services.deliverables import get_deliverables
from services.review import PreviewNotReady
from storage.disk import Storage

THROTTLE = {"throttling_key": "preview"}


async def on_thumbnails(
    query: CallbackQuery,
    *,
    callback_data: PreviewCb,
    i18n: I18nContext,
    session: AsyncSession,
    user: User,
    file_storage: Storage,
    bot: Bot,
) -> None:
    """The candidates as one album, then the picker."""
    result = await get_deliverables(session, file_storage, user.id, callback_data.project_id)
    if result.video is None or not result.thumbnails:
        raise PreviewNotReady(project_id=result.project_id)
    chat_id = query.from_user.id
    album = [
        InputMediaPhoto(media=FSInputFile(path), caption=str(number))
        for number, path in enumerate(result.thumbnails, start=1)
    ]
    await bot.send_media_group(chat_id, list(album))
    chosen = result.thumbnails.index(result.thumbnail) if result.thumbnail else 0
    markup = thumbnails(i18n, result.project_id, len(album), chosen)
    await bot.send_message(chat_id, i18n.get("thumbnail-choose"), reply_markup=markup)


async def on_pick_thumbnail(
    query: CallbackQuery,
    *,
    callback_data: PreviewCb,
    i18n: I18nContext,
    session: AsyncSession,
    user: User,
    file_storage: Storage,
) -> None:
    """Keep the pick; the picker shows it ticked."""
    candidate = callback_data.item
    result = await thumbnail_service.choose_thumbnail(
        session, file_storage, user.id, callback_data.project_id, candidate
    )
    if isinstance(message := query.message, Message):
        await message.edit_text(
            i18n.get("thumbnail-chosen", number=candidate + 1),
            reply_markup=thumbnails(i18n, result.project_id, len(result.thumbnails), candidate),
        )


async def on_new_thumbnails(
    query: CallbackQuery,
    *,
    callback_data: PreviewCb,
    i18n: I18nContext,
    session: AsyncSession,
    user: User,
    queue: JobQueue,
    bot: Bot,
    settings: Settings,
) -> None:
    project = await thumbnail_service.regenerate_thumbnails(
        session, user.id, callback_data.project_id, limits=settings.limits, queue=queue
    )
    key = "progress-new-thumbnails"
    await show_queued(
        bot, project, session=session, i18n=i18n, chat_id=query.from_user.id, key=key
    )
    if isinstance(message := query.message, Message):  # after the enqueue: no job lost
        await message.edit_reply_markup(reply_markup=None)


def create_router() -> Router:
    router = Router(name=__name__)
    cb = router.callback_query.register
    action = F.action
    cb(on_thumbnails, PreviewCb.filter(action == PreviewAction.THUMBNAILS), flags=THROTTLE)
    pick = PreviewCb.filter(action == PreviewAction.PICK_THUMBNAIL)
    cb(on_pick_thumbnail, pick, flags=THROTTLE)
    new = PreviewCb.filter(action == PreviewAction.NEW_THUMBNAILS)
    cb(on_new_thumbnails, new, flags=THROTTLE)
    return router
