"""Owner-checked lookups every use case starts with: another user's ID is NotFound, never
a hint that the thing exists."""

from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import NotFound
from db.models import Project
from db.queries import projects


async def owned_project(session: AsyncSession, user_id: int, project_id: int) -> Project:
    project = await projects.get_project(session, project_id, user_id)
    if project is None:
        raise NotFound(what="project")
    return project
