"""The progress message of a project the bot just queued (the service committed it and
enqueued its job before this runs: a send that fails cannot leave a project without a job)."""

from contextlib import suppress

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.utils.text_decorations import html_decoration as html
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Project
from services.progress import ChatMessage, remember_progress_message


async def show_queued(
    bot: Bot,
    project: Project,
    *,
    session: AsyncSession,
    i18n: I18nContext,
    chat_id: int,
    key: str = "progress-queued",
) -> None:
    """Send the message the notifier will edit and remember it. If the job got going first
    and sent one of its own, that one is deleted: one message per revision."""
    sent = await bot.send_message(chat_id, i18n.get(key, topic=html.quote(project.topic)))
    replaced = await remember_progress_message(
        session, project.user_id, project.id, ChatMessage(chat_id, sent.message_id)
    )
    if replaced is not None:
        with suppress(TelegramBadRequest):  # already gone
            await bot.delete_message(replaced.chat_id, replaced.message_id)
