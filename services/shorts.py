"""Services for a user's Shorts: submit one for production, list them page by page, and
remember the chat message that shows a project's progress."""

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core.enums import ProjectStatus
from core.ports import JobQueue
from core.settings import LimitsSettings
from db.models import Project
from db.queries import projects
from services.limits import claim_production_slot
from services.production import enqueue_short
from services.projects import ProjectRequest, create_project
from services.review import owned_project
from storage.disk import Storage

PAGE_SIZE = 5
MAX_PAGE = 1000


async def submit_project(
    session: AsyncSession,
    storage: Storage,
    user_id: int,
    request: ProjectRequest,
    *,
    limits: LimitsSettings,
    queue: JobQueue,
) -> Project:
    """Create the project from the user's choices, commit it queued, then enqueue its job
    (before anyone talks to Telegram, so a failed message cannot leave it without one).

    Refused (TooManyUnfinished, UserBlocked) before anything is stored.
    """
    await claim_production_slot(session, user_id, limits)
    project = await create_project(session, storage, user_id, request)
    projects.set_project_state(project, ProjectStatus.QUEUED, stage=None, progress=0.0)
    await session.commit()
    await enqueue_short(queue, project.id, project.revision, project.user_id)
    return project


async def list_shorts(
    session: AsyncSession, user_id: int, *, page: int, page_size: int = PAGE_SIZE
) -> tuple[list[Project], bool]:
    """One page of the user's projects, newest first, and whether another page follows."""
    page = max(0, min(page, MAX_PAGE))
    end = (page + 1) * page_size
    found = await projects.list_projects(session, user_id, limit=end + 1)
    return list(found[page * page_size : end]), len(found) > end


async def remember_progress_message(
    session: AsyncSession, user_id: int, project_id: int, chat_id: int, message_id: int
) -> dict[str, Any] | None:
    """Keep the chat message that shows the project's progress (the notifier edits it).

    The job may have started first and sent one of its own for this revision: this one
    replaces it, and the one replaced is returned, for the caller to delete.
    """
    project = await owned_project(session, user_id, project_id)
    await session.refresh(project, with_for_update=True)  # the notifier writes it too
    replaced = project.options.get("progress_message") or {}
    where = {"chat_id": chat_id, "message_id": message_id, "revision": project.revision}
    project.options = {**project.options, "progress_message": where}
    await session.commit()
    same_revision = replaced.get("revision") == project.revision
    return replaced if same_revision and replaced.get("message_id") != message_id else None
