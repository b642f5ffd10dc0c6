"""Start (or restart) a project's job: the progress message first, then the enqueue."""

from aiogram import Bot
from aiogram.utils.text_decorations import html_decoration as html
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Project
from pipeline.jobs import PRODUCE_SHORT
from pipeline.queue import JobQueue, project_job_id
from pipeline.shorts import remember_progress_message


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
    """Send the message the notifier will edit, remember it, then enqueue `produce_short`.

    The job ID is per project and revision, so a repeated press queues nothing twice;
    returns whether a job was queued.
    """
    sent = await bot.send_message(chat_id, i18n.get(key, topic=html.quote(project.topic)))
    await remember_progress_message(session, project.user_id, project.id, chat_id, sent.message_id)
    job_id = project_job_id(project.id, project.revision)
    return await queue.enqueue(PRODUCE_SHORT, project.id, job_id=job_id, owner=project.user_id)
