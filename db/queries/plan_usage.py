"""What a plan counts: the Shorts a user made this month, their voices and characters."""

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.enums import ProjectStatus
from db.models import Character, Project, Voice

# A Short counts from the moment it is queued; a failed or cancelled one gives its place back.
NOT_COUNTED = (ProjectStatus.DRAFT, ProjectStatus.FAILED, ProjectStatus.CANCELLED)


async def count_shorts_since(session: AsyncSession, user_id: int, since: datetime) -> int:
    """The user's Shorts created at or after `since` that are queued, being made or done."""
    statement = select(func.count()).where(
        Project.user_id == user_id,
        Project.created_at >= since,
        Project.status.not_in(NOT_COUNTED),
    )
    return int(await session.scalar(statement) or 0)


async def count_voices(session: AsyncSession, user_id: int) -> int:
    statement = select(func.count()).select_from(Voice).where(Voice.user_id == user_id)
    return int(await session.scalar(statement) or 0)


async def count_characters(session: AsyncSession, user_id: int) -> int:
    statement = select(func.count()).select_from(Character).where(Character.user_id == user_id)
    return int(await session.scalar(statement) or 0)


async def count_unfinished_singles(session: AsyncSession, user_id: int) -> int:
    """The user's queued or running Shorts outside batches (a batch has its own limit)."""
    statement = select(func.count()).where(
        Project.user_id == user_id,
        Project.status.in_((ProjectStatus.QUEUED, ProjectStatus.RUNNING)),
        Project.batch_id.is_(None),
    )
    return int(await session.scalar(statement) or 0)
