"""The chat message that shows a project's progress: one per revision, sent by the bot when
it queues the job or by the notifier when the job reports first, then edited as stages
advance. Two senders may race; one message is kept (a `deliveries` row) and the other is
returned to delete. Both lock the project's row first, so they take turns.

A studio job's progress message is sent by its notifier alone (the job reports first and
last), so it needs no row: only the person to show it to.
"""

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from core.ports import StudioEvent
from db.models import Project, User
from db.queries import deliveries, projects, users
from services.owned import owned_project


@dataclass(frozen=True, slots=True)
class ChatMessage:
    chat_id: int
    message_id: int


async def recipient(session: AsyncSession, project_id: int) -> tuple[Project, User] | None:
    """The project and the person to tell about it (None: either is gone, or the person has
    no chat with the bot)."""
    project = await projects.get_project_for_job(session, project_id)
    user = await users.get_user(session, project.user_id) if project else None
    if project is None or user is None or user.telegram_id is None:
        return None
    return project, user


async def studio_recipient(session: AsyncSession, event: StudioEvent) -> User | None:
    """The person a studio job reports to (None: gone, or no chat with the bot)."""
    user = await users.get_user(session, event.user_id)
    return None if user is None or user.telegram_id is None else user


async def progress_message(session: AsyncSession, project: Project) -> ChatMessage | None:
    """The message that shows the project's current revision, if one was sent."""
    delivery = await deliveries.get_delivery(session, project.id)
    if delivery is None or delivery.revision != project.revision:
        return None
    return ChatMessage(delivery.chat_id, delivery.message_id)


async def _keep(session: AsyncSession, project: Project, message: ChatMessage) -> None:
    await deliveries.put_delivery(
        session,
        project.id,
        chat_id=message.chat_id,
        message_id=message.message_id,
        revision=project.revision,
    )


async def remember_progress_message(
    session: AsyncSession, user_id: int, project_id: int, sent: ChatMessage
) -> ChatMessage | None:
    """Keep the message the bot sent when it queued the user's project (committed).

    The job may have started first and sent one of its own for this revision: `sent`
    replaces it, and the one replaced is returned, for the caller to delete.
    """
    project = await owned_project(session, user_id, project_id)
    await session.refresh(project, with_for_update=True)  # the notifier writes it too
    replaced = await progress_message(session, project)
    await _keep(session, project, sent)
    await session.commit()
    return replaced if replaced is not None and replaced != sent else None


async def claim_progress_message(
    session: AsyncSession, project: Project, sent: ChatMessage
) -> ChatMessage:
    """Keep the message the notifier sent for a project that had none for this revision,
    unless one was kept meanwhile (the bot queuing the job at this very moment): the first
    one kept stays. Returns the message kept; when it is not `sent`, delete `sent`."""
    await session.refresh(project, with_for_update=True)
    kept = await progress_message(session, project)
    if kept is None:
        await _keep(session, project, sent)
        kept = sent
    await session.commit()  # also ends the transaction and its row lock when nothing changed
    return kept
