"""Reads of the append-only metric snapshots: the latest per publication (now or before a
moment), the last of each day, the published posts with their Shorts' traits, and the totals
across users for the admin. One window function (`row_number`) picks "the latest" on
PostgreSQL and SQLite alike. Scoped by user (the admin's totals excepted); never commits."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.enums import MetricsState, Platform, PublicationState
from db.models import Project, User
from db.models.metric_snapshot import MetricSnapshot
from db.models.publication import Publication
from db.queries.days import utc_day


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


@dataclass(frozen=True, slots=True)
class DayViews:
    """A publication's views in the last snapshot of one UTC day."""

    publication_id: int
    platform: Platform
    day: date
    views: int


def _latest(where: list[ColumnElement[bool]]) -> Select[Any]:
    rank = (
        func.row_number()
        .over(
            partition_by=MetricSnapshot.publication_id,
            order_by=(MetricSnapshot.taken_at.desc(), MetricSnapshot.id.desc()),
        )
        .label("rank")
    )
    ranked = select(MetricSnapshot.id, rank).where(*where).subquery()
    return (
        select(MetricSnapshot)
        .join(ranked, ranked.c.id == MetricSnapshot.id)
        .where(ranked.c.rank == 1)
    )


async def latest_snapshots(
    session: AsyncSession, user_id: int, *, until: datetime | None = None,
    project_id: int | None = None,
) -> dict[int, MetricSnapshot]:  # fmt: skip
    """The latest snapshot of each of the user's publications by publication ID (taken at
    or before `until` when given: the value at a window's start, or at an injected now)."""
    where = [MetricSnapshot.user_id == user_id]
    if until is not None:
        where.append(MetricSnapshot.taken_at <= until)
    if project_id is not None:
        where.append(MetricSnapshot.project_id == project_id)
    rows = (await session.execute(_latest(where))).scalars().all()
    return {row.publication_id: row for row in rows}


async def views_by_day(
    session: AsyncSession, user_id: int, *, since: datetime, until: datetime
) -> list[DayViews]:
    """The views of the last snapshot of each UTC day from `since` to `until`, per
    publication (days without a snapshot or a views count are absent)."""
    day = utc_day(MetricSnapshot.taken_at)
    rank = (
        func.row_number()
        .over(
            partition_by=(MetricSnapshot.publication_id, day),
            order_by=(MetricSnapshot.taken_at.desc(), MetricSnapshot.id.desc()),
        )
        .label("rank")
    )
    ranked = (
        select(
            MetricSnapshot.publication_id, MetricSnapshot.platform, day.label("day"),
            MetricSnapshot.views, rank,
        )
        .where(
            MetricSnapshot.user_id == user_id,
            MetricSnapshot.taken_at >= since,
            MetricSnapshot.taken_at <= until,
        )
        .subquery()
    )  # fmt: skip
    query = (
        select(ranked.c.publication_id, ranked.c.platform, ranked.c.day, ranked.c.views)
        .where(ranked.c.rank == 1, ranked.c.views.is_not(None))
        .order_by(ranked.c.day, ranked.c.publication_id)
    )
    rows = (await session.execute(query)).all()
    return [DayViews(p, Platform(pl), _as_date(d), int(v)) for p, pl, d, v in rows]


def _as_date(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


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


async def series(session: AsyncSession, user_id: int, project_id: int) -> Sequence[MetricSnapshot]:
    """Every snapshot of one of the user's Shorts, oldest first."""
    query = (
        select(MetricSnapshot)
        .where(MetricSnapshot.user_id == user_id, MetricSnapshot.project_id == project_id)
        .order_by(MetricSnapshot.taken_at, MetricSnapshot.id)
    )
    return (await session.execute(query)).scalars().all()


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


@dataclass(frozen=True, slots=True)
class AdminTotals:
    published_posts: dict[Platform, int]
    views: dict[Platform, int]  # platforms with at least one views count


async def admin_totals(session: AsyncSession) -> AdminTotals:
    """Published posts per platform and the latest views per platform, across users."""
    posts = await session.execute(
        select(Publication.platform, func.count())
        .where(Publication.state == PublicationState.PUBLISHED)
        .group_by(Publication.platform)
    )
    latest = _latest([]).subquery()
    views = await session.execute(
        select(latest.c.platform, func.sum(latest.c.views))
        .where(latest.c.views.is_not(None))
        .group_by(latest.c.platform)
    )
    return AdminTotals(
        {Platform(p): int(n) for p, n in posts.all()},
        {Platform(p): int(v) for p, v in views.all()},
    )
