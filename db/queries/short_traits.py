"""The user's published posts and Shorts as analytics sees them: with their traits (topic,
style, tone, length), their zone and language, and the choices they make most. Scoped by
user; never commits."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.enums import MetricsState, Platform, PublicationState
from db.models import Project, User
from db.models.publication import Publication


@dataclass(frozen=True, slots=True)
class PublishedPost:
    """One published publication and the traits of its Short."""

    publication_id: int
    project_id: int
    platform: Platform
    url: str | None
    published_at: datetime | None
    metrics_state: MetricsState | None
    topic: str
    style: str
    tone: str
    target_duration: float


async def published_posts(
    session: AsyncSession, user_id: int, *, project_id: int | None = None
) -> list[PublishedPost]:
    """The user's published publications with their Shorts' traits, oldest first."""
    query = (
        select(Publication, Project.topic, Project.style, Project.tone, Project.target_duration)
        .join(Project, Project.id == Publication.project_id)
        .where(
            Publication.user_id == user_id,
            Project.user_id == user_id,
            Publication.state == PublicationState.PUBLISHED,
        )
        .order_by(Publication.published_at, Publication.id)
    )
    if project_id is not None:
        query = query.where(Publication.project_id == project_id)
    rows = (await session.execute(query)).all()
    return [
        PublishedPost(
            publication_id=pub.id, project_id=pub.project_id, platform=pub.platform,
            url=pub.post_url, published_at=pub.published_at, metrics_state=pub.metrics_state,
            topic=topic, style=style, tone=tone, target_duration=duration,
        )
        for pub, topic, style, tone, duration in rows
    ]  # fmt: skip


async def user_zone(session: AsyncSession, user_id: int) -> str | None:
    """The user's IANA zone name (None: UTC, or no such user)."""
    return await session.scalar(select(User.timezone).where(User.id == user_id))


async def user_language(session: AsyncSession, user_id: int) -> str:
    found = await session.scalar(select(User.language).where(User.id == user_id))
    return found or "en"


async def usual_choices(session: AsyncSession, user_id: int) -> tuple[str | None, str | None]:
    """The style and the tone the user chose most often for their Shorts (None: no Shorts)."""
    found = []
    for column in (Project.style, Project.tone):
        query = (
            select(column)
            .where(Project.user_id == user_id)
            .group_by(column)
            .order_by(func.count().desc(), column)
            .limit(1)
        )
        found.append(await session.scalar(query))
    return found[0], found[1]


@dataclass(frozen=True, slots=True)
class MadeShort:
    project_id: int
    topic: str
    style: str
    tone: str
    target_duration: float


async def recent_shorts(session: AsyncSession, user_id: int, limit: int) -> list[MadeShort]:
    """The user's latest Shorts (published or not) with their choices, the latest first."""
    query = (
        select(Project.id, Project.topic, Project.style, Project.tone, Project.target_duration)
        .where(Project.user_id == user_id)
        .order_by(Project.id.desc())
        .limit(limit)
    )
    return [MadeShort(*row) for row in (await session.execute(query)).all()]
