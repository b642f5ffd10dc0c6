"""Reads of the append-only metric snapshots: the latest per publication (now or before a
moment), the last of each day, a Short's series, and the totals across users for the admin.
One window function (`row_number`) picks "the latest" on PostgreSQL and SQLite alike.
Scoped by user (the admin's totals excepted); never commits."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, Subquery, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.enums import Platform, PublicationState
from db.models.metric_snapshot import MetricSnapshot
from db.models.publication import Publication
from db.queries.days import utc_day


@dataclass(frozen=True, slots=True)
class DayViews:
    """A publication's views in the last snapshot of one UTC day."""

    publication_id: int
    platform: Platform
    day: date
    views: int


def ranked_snapshots(where: Sequence[ColumnElement[bool]]) -> Subquery:
    """The snapshots matching `where` with `rank` 1 for each publication's latest (by
    `taken_at`, then insertion), as a subquery."""
    rank = func.row_number().over(
        partition_by=MetricSnapshot.publication_id,
        order_by=(MetricSnapshot.taken_at.desc(), MetricSnapshot.id.desc()),
    )
    return select(MetricSnapshot, rank.label("rank")).where(*where).subquery()


def _latest(where: list[ColumnElement[bool]]) -> Select[Any]:
    ranked = ranked_snapshots(where)
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


async def series(session: AsyncSession, user_id: int, project_id: int) -> Sequence[MetricSnapshot]:
    """Every snapshot of one of the user's Shorts, oldest first."""
    query = (
        select(MetricSnapshot)
        .where(MetricSnapshot.user_id == user_id, MetricSnapshot.project_id == project_id)
        .order_by(MetricSnapshot.taken_at, MetricSnapshot.id)
    )
    return (await session.execute(query)).scalars().all()


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
