"""Start (or restart) a project's job: the enqueue first, then the progress message.

The project is committed before this runs, and its job is queued before any Telegram call:
a send that fails (a network error, a blocked bot) cannot leave a project without a job.
"""

from contextlib import suppress

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.utils.text_decorations import html_decoration as html
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from core.ports import JobQueue
from db.models import Project
from services.production import enqueue_short
from services.shorts import remember_progress_message


async def queue_production(
    bot: Bot,
    project: Project,
    *,
    session: AsyncSession,
    queue: JobQueue,
    i18n: I18nContext,
    chat_id: int,
    key: str = "progress-queued",
) -> bool:
    """Enqueue `produce_short` for the committed project, then show its progress message.

    The job ID is per project and revision, so a repeated press queues nothing twice;
    returns whether a job was queued.
    """
    queued = await enqueue_short(queue, project.id, project.revision, project.user_id)
    await show_queued(bot, project, session=session, i18n=i18n, chat_id=chat_id, key=key)
    return queued


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
        session, project.user_id, project.id, chat_id, sent.message_id
    )
    if replaced is not None:
        with suppress(TelegramBadRequest):  # already gone
            await bot.delete_message(replaced["chat_id"], replaced["message_id"])
