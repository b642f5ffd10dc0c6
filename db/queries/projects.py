"""Projects: creation, user-scoped and job-side lookups, and the state the user sees."""

from collections.abc import Sequence

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.enums import UNFINISHED_STATUSES, ProjectStatus, StageName
from core.project_options import ProjectOptions
from db.models import Project


async def create_project(
    session: AsyncSession,
    user_id: int,
    *,
    topic: str,
    language: str,
    target_duration: float,
    style: str,
    tone: str,
    options: ProjectOptions | None = None,
    workdir: str | None = None,
) -> Project:
    """Add a draft project and flush it, so it has an ID.

    `workdir` is relative to the storage root; by default it is `projects/<id>`.
    """
    project = Project(
        user_id=user_id,
        topic=topic,
        language=language,
        target_duration=target_duration,
        style=style,
        tone=tone,
        options=options or ProjectOptions(),
        workdir=workdir or "",
    )
    session.add(project)
    await session.flush()
    if not project.workdir:
        project.workdir = f"projects/{project.id}"
    return project


async def get_project(session: AsyncSession, project_id: int, user_id: int) -> Project | None:
    """Return the user's project with this ID, or None (also for another user's project)."""
    return await session.scalar(
        select(Project).where(Project.id == project_id, Project.user_id == user_id)
    )


async def get_project_for_job(session: AsyncSession, project_id: int) -> Project | None:
    """Return the project with this ID whoever owns it: for jobs, which receive only IDs."""
    return await session.get(Project, project_id)


async def list_projects(
    session: AsyncSession, user_id: int, *, limit: int = 20, offset: int = 0
) -> Sequence[Project]:
    """Return the user's latest projects, newest first (the `offset` newest skipped)."""
    statement = (
        select(Project)
        .where(Project.user_id == user_id)
        .order_by(Project.id.desc())
        .offset(offset)
        .limit(limit)
    )
    return (await session.scalars(statement)).all()


async def list_unfinished_projects(session: AsyncSession) -> Sequence[Project]:
    """Return every queued or running project, oldest first: what to resume on start-up."""
    statement = select(Project).where(Project.status.in_(UNFINISHED_STATUSES)).order_by(Project.id)
    return (await session.scalars(statement)).all()


async def cancel_queued_projects(session: AsyncSession, user_id: int) -> int:
    """Mark the user's queued (not running) projects cancelled; return how many.

    Their jobs, when a worker reaches them, find the project cancelled and do nothing.
    """
    statement = (
        update(Project)
        .where(Project.user_id == user_id, Project.status == ProjectStatus.QUEUED)
        .values(status=ProjectStatus.CANCELLED)
        .returning(Project.id)
    )
    return len((await session.execute(statement)).all())


def set_project_state(
    project: Project,
    status: ProjectStatus,
    *,
    stage: StageName | None,
    progress: float | None = None,
    error_key: str | None = None,
    error: str | None = None,
) -> None:
    """Set what the user sees: status, current (or failed) stage, progress and error.

    `progress` is clamped to 0..1 and kept when None. The error fields are always replaced,
    so any state change without an error clears the last one.
    """
    project.status = status
    project.stage = stage
    if progress is not None:
        project.progress = min(max(progress, 0.0), 1.0)
    project.error_key = error_key
    project.error = error


async def latest_options(session: AsyncSession, user_id: int) -> ProjectOptions | None:
    """The options of the user's newest project (what they chose last), or None."""
    statement = (
        select(Project.options)
        .where(Project.user_id == user_id)
        .order_by(Project.id.desc())
        .limit(1)
    )
    options: ProjectOptions | None = await session.scalar(statement)
    return options
