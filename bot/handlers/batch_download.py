"""The batch summary's "Download all": its MP4s zipped in parts below the Bot API's upload
limit, sent as documents (a Short too large for a part goes alone, as itself)."""

import asyncio
import tempfile
from pathlib import Path

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramRetryAfter
from aiogram.types import CallbackQuery, FSInputFile, Message
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import BatchAction, BatchCb
from core.settings import Settings
from db.models import User
from services.batch_download import DownloadPart, batch_videos, pack_videos
from storage.disk import Storage

THROTTLE = {"throttling_key": "new_short"}
MAX_RETRY_AFTER_S = 30.0


def _caption(i18n: I18nContext, part: DownloadPart, number: int, parts: int) -> str:
    first, last = part.videos[0].place, part.videos[-1].place
    return i18n.get(
        "batch-download-part", number=number, parts=parts, count=len(part.videos),
        first=first, last=last,
    )  # fmt: skip


async def _send(bot: Bot, chat_id: int, part: DownloadPart, caption: str) -> None:
    name = part.path.name if part.is_zip else part.videos[0].name
    try:
        await bot.send_document(chat_id, FSInputFile(part.path, filename=name), caption=caption)
    except TelegramRetryAfter as error:  # parts one after another meet the per-chat pace
        await asyncio.sleep(min(error.retry_after, MAX_RETRY_AFTER_S))
        await bot.send_document(chat_id, FSInputFile(part.path, filename=name), caption=caption)


async def on_download(
    query: CallbackQuery,
    *,
    callback_data: BatchCb,
    i18n: I18nContext,
    session: AsyncSession,
    user: User,
    file_storage: Storage,
    settings: Settings,
    bot: Bot,
) -> None:
    videos = await batch_videos(session, file_storage, user.id, callback_data.batch_id)
    if not isinstance(query.message, Message):
        return
    chat_id = query.message.chat.id
    await query.message.answer(i18n.get("batch-download-preparing", count=len(videos)))
    with tempfile.TemporaryDirectory(prefix="batch-zip-") as folder:
        parts = await pack_videos(
            videos, Path(folder), batch_id=callback_data.batch_id,
            limit=settings.bot.batch_zip_part_bytes,
        )  # fmt: skip
        for number, part in enumerate(parts, start=1):
            await _send(bot, chat_id, part, _caption(i18n, part, number, len(parts)))


def create_router() -> Router:
    router = Router(name=__name__)
    download = BatchCb.filter(F.action == BatchAction.DOWNLOAD)
    router.callback_query.register(on_download, download, flags=THROTTLE)
    return router
