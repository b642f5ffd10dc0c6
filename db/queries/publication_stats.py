"""What the user's publications add up to, for the analytics endpoints: counts by platform
and state, and the published ones with their links. Scoped by user; never commits."""

from collections.abc import Sequence

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.enums import Platform, PublicationState
from db.models.publication import Publication


def _scope(
    user_id: int, project_id: int | None, platform: Platform | None
) -> list[ColumnElement[bool]]:
    where = [Publication.user_id == user_id]
    if project_id is not None:
        where.append(Publication.project_id == project_id)
    if platform is not None:
        where.append(Publication.platform == platform)
    return where


async def counts(
    session: AsyncSession, user_id: int, *, project_id: int | None = None,
    platform: Platform | None = None,
) -> list[tuple[Platform, PublicationState, int]]:  # fmt: skip
    """How many of the user's publications are in each (platform, state)."""
    query = (
        select(Publication.platform, Publication.state, func.count())
        .where(*_scope(user_id, project_id, platform))
        .group_by(Publication.platform, Publication.state)
    )
    rows = await session.execute(query)
    return [(p, s, int(n)) for p, s, n in rows.all()]


async def published(
    session: AsyncSession, user_id: int, *, project_id: int | None = None,
    platform: Platform | None = None, limit: int,
) -> Sequence[Publication]:  # fmt: skip
    """The user's published publications, the latest first."""
    query = select(Publication).where(
        Publication.state == PublicationState.PUBLISHED, *_scope(user_id, project_id, platform)
    )
    query = query.order_by(Publication.published_at.desc().nulls_last(), Publication.id.desc())
    return (await session.execute(query.limit(limit))).scalars().all()
