"""The metrics collection's queries: which published posts are due, what their last
snapshot said, the reads written back, and the projects' cached sums of the latest
snapshots. Never commit: the collection commits once per account batch."""

from collections.abc import Collection, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Float,
    Subquery,
    and_,
    case,
    cast,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession

from core.enums import MetricsState, Platform, PublicationState
from db.models import MetricSnapshot, Project, SocialAccount
from db.models.publication import Publication
from db.queries.metric_reads import ranked_snapshots

COUNTS = ("views", "likes", "comments", "shares", "saves")


async def due_publications(
    session: AsyncSession, platform: Platform, *, now: datetime, limit: int
) -> Sequence[tuple[Publication, SocialAccount]]:
    """Up to `limit` of the platform's published posts whose read is due, the most overdue
    first, each with its account (its owner's: a row pointing elsewhere is left out)."""
    query = (
        select(Publication, SocialAccount)
        .join(
            SocialAccount,
            and_(
                SocialAccount.id == Publication.account_id,
                SocialAccount.user_id == Publication.user_id,
            ),
        )
        .where(
            Publication.platform == platform,
            Publication.state == PublicationState.PUBLISHED,
            Publication.metrics_state == MetricsState.COLLECTING,
            Publication.metrics_due_at <= now,
            Publication.post_id.is_not(None),
        )
        .order_by(Publication.metrics_due_at, Publication.id)
        .limit(limit)
    )
    return [(row[0], row[1]) for row in (await session.execute(query)).all()]


def _latest(
    publication_ids: Collection[int] | None = None, project_ids: Collection[int] = ()
) -> Subquery:
    """Each publication's latest snapshot (`rank` 1) of these publications or projects."""
    where: list[ColumnElement[bool]] = []
    if publication_ids is not None:
        where.append(MetricSnapshot.publication_id.in_(publication_ids))
    if project_ids:
        where.append(MetricSnapshot.project_id.in_(project_ids))
    return ranked_snapshots(where)


async def latest_counts(
    session: AsyncSession, publication_ids: Collection[int]
) -> dict[int, dict[str, int | None]]:
    """Publication ID -> the counts of its latest snapshot (absent: never had one)."""
    if not publication_ids:
        return {}
    latest = _latest(publication_ids)
    columns = [latest.c[name] for name in COUNTS]
    query = select(latest.c.publication_id, *columns).where(latest.c.rank == 1)
    rows = (await session.execute(query)).all()
    return {row[0]: dict(zip(COUNTS, row[1:], strict=True)) for row in rows}


async def add_snapshots(session: AsyncSession, rows: Sequence[Mapping[str, Any]]) -> None:
    if rows:
        await session.execute(insert(MetricSnapshot), list(rows))


async def set_reads(session: AsyncSession, rows: Sequence[Mapping[str, Any]]) -> None:
    """Each row: `id` and the publication's new `metrics_*` values (the same keys in all)."""
    if rows:
        await session.execute(update(Publication), list(rows))


async def stop_account_reads(
    session: AsyncSession, user_id: int, account_id: int, state: MetricsState
) -> int:
    """Every collecting publication of the account gets `state` and no next read."""
    result = await session.execute(
        update(Publication)
        .where(
            Publication.user_id == user_id,
            Publication.account_id == account_id,
            Publication.metrics_state == MetricsState.COLLECTING,
        )
        .values(metrics_state=state, metrics_due_at=None)
    )
    return int(getattr(result, "rowcount", 0) or 0)


async def rearm_account_reads(
    session: AsyncSession, user_id: int, account_id: int, *, now: datetime
) -> int:
    """The account was connected again: its revoked publications are read at the next pass."""
    result = await session.execute(
        update(Publication)
        .where(
            Publication.user_id == user_id,
            Publication.account_id == account_id,
            Publication.metrics_state == MetricsState.REVOKED,
        )
        .values(metrics_state=MetricsState.COLLECTING, metrics_due_at=now)
    )
    return int(getattr(result, "rowcount", 0) or 0)


async def refresh_project_sums(
    session: AsyncSession, project_ids: Collection[int], *, now: datetime
) -> None:
    """The projects' cached sums, from the latest snapshot of each of their publications:
    a sum stays None while no publication gave that number ("no data" is not 0);
    engagement_rate = (likes + comments + shares) / views when views > 0."""
    if not project_ids:
        return
    latest = _latest(project_ids=project_ids)
    views, likes = func.sum(latest.c.views), func.sum(latest.c.likes)
    comments, shares = func.sum(latest.c.comments), func.sum(latest.c.shares)
    engaged = func.coalesce(likes, 0) + func.coalesce(comments, 0) + func.coalesce(shares, 0)
    rate = case(
        (
            and_(views > 0, or_(likes.is_not(None), comments.is_not(None), shares.is_not(None))),
            cast(engaged, Float) / cast(views, Float),
        ),
        else_=None,
    )
    sums = (
        select(
            latest.c.project_id,
            latest.c.user_id,
            views.label("views"),
            likes.label("likes"),
            shares.label("shares"),
            rate.label("rate"),
        )
        .where(latest.c.rank == 1)
        .group_by(latest.c.project_id, latest.c.user_id)
        .subquery()
    )
    await session.execute(
        update(Project)
        .where(Project.id == sums.c.project_id, Project.user_id == sums.c.user_id)
        .values(
            total_views=sums.c.views,
            total_likes=sums.c.likes,
            total_shares=sums.c.shares,
            engagement_rate=sums.c.rate,
            metrics_updated_at=now,
        )
        .execution_options(synchronize_session=False)
    )
