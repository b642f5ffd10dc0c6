"""The analytics use cases that read numbers: the report (/analytics, the digest, the API
overview), a Short's card, the learned best hours, and the admin's totals."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from statistics import median

from sqlalchemy.ext.asyncio import AsyncSession

from core.enums import Platform
from db.models.metric_snapshot import MetricSnapshot
from db.queries import metric_reads, short_traits
from services import analytics_advice as advice
from services.analytics_models import (
    AnalyticsReport,
    BestShort,
    Dimension,
    Recommendation,
    ShortNumbers,
)
from services.analytics_numbers import (
    PostStats,
    ShortStats,
    gained,
    length_bucket,
    post_numbers,
    post_stats,
    short_stats,
)
from services.owned import owned_project

WEEK, MONTH = timedelta(days=7), timedelta(days=30)
# Platforms whose numbers need a word: Telegram gives bots no views; YouTube's analytics lag
# 48-72 h and Instagram's up to 48 h.
NOTED_PLATFORMS = (Platform.YOUTUBE, Platform.INSTAGRAM, Platform.TELEGRAM)


@dataclass(frozen=True, slots=True)
class AdminMetrics:
    """/stats: published posts and their latest views across users (views None: no numbers)."""

    published_posts: int
    total_views: int | None
    posts_by_platform: dict[Platform, int] = field(default_factory=dict)
    views_by_platform: dict[Platform, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class UserStats:
    posts: list[PostStats]
    shorts: list[ShortStats]
    latest: dict[int, MetricSnapshot]  # by publication ID, as of `now`


async def user_stats(
    session: AsyncSession, user_id: int, *, now: datetime | None = None
) -> UserStats:
    """Each published post and each Short with its latest numbers (as of `now`)."""
    zone = await short_traits.user_zone(session, user_id)
    posts = await short_traits.published_posts(session, user_id)
    latest = await metric_reads.latest_snapshots(session, user_id, until=now)
    per_post = post_stats(posts, latest, zone)
    return UserStats(per_post, short_stats(per_post), latest)


def _apart(best: ShortStats, others: Sequence[ShortStats]) -> dict[Dimension, str]:
    """The best Short's values that differ from the user's usual (the other Shorts' mode,
    the median length)."""
    if not others:
        return {}
    usual: dict[Dimension, str | None] = {
        "style": advice.usual(s.style for s in others),
        "tone": advice.usual(s.tone for s in others),
        "length": length_bucket(median(s.duration_s for s in others)),
        "hour": advice.usual(str(s.hour) for s in others if s.hour is not None),
    }
    its: dict[Dimension, str | None] = {
        "style": best.style,
        "tone": best.tone,
        "length": best.length,
        "hour": None if best.hour is None else str(best.hour),
    }
    return {d: v for d, v in its.items() if v is not None and usual[d] not in (None, v)}


def best_short(shorts: Sequence[ShortStats]) -> BestShort | None:
    """The Short with the most views (ties: the higher engagement rate)."""
    counted = [s for s in shorts if s.numbers.views is not None]
    if not counted:
        return None
    best = max(counted, key=lambda s: (s.numbers.views or 0, s.numbers.engagement_rate or 0.0))
    others = [s for s in shorts if s.project_id != best.project_id]
    return BestShort(
        best.project_id, best.topic, best.url, best.numbers.views,
        best.numbers.engagement_rate, _apart(best, others),
    )  # fmt: skip


async def analytics_report(
    session: AsyncSession, user_id: int, *, now: datetime
) -> AnalyticsReport:
    stats = await user_stats(session, user_id, now=now)
    posts, shorts, latest = stats.posts, stats.shorts, stats.latest
    week = await metric_reads.latest_snapshots(session, user_id, until=now - WEEK)
    month = await metric_reads.latest_snapshots(session, user_id, until=now - MONTH)
    style, tone = await short_traits.usual_choices(session, user_id)
    published = {p.post.platform for p in posts}
    return AnalyticsReport(
        last_7_days=gained(latest, week),
        last_30_days=gained(latest, month),
        all_time=gained(latest, {}),
        published_posts=len(posts),
        best=best_short(shorts),
        recommendations=advice.recommendations(shorts, posts, usual_style=style, usual_tone=tone),
        platforms=tuple(p for p in NOTED_PLATFORMS if p in published),
    )


async def short_numbers(session: AsyncSession, user_id: int, project_id: int) -> ShortNumbers:
    """A Short's numbers per platform, with each publication's views over time."""
    project = await owned_project(session, user_id, project_id)
    posts = await short_traits.published_posts(session, user_id, project_id=project_id)
    by_publication: dict[int, list[MetricSnapshot]] = {}
    for snapshot in await metric_reads.series(session, user_id, project_id):
        by_publication.setdefault(snapshot.publication_id, []).append(snapshot)
    platforms = []
    for post in posts:
        taken = by_publication.get(post.publication_id, [])
        platforms.append(post_numbers(post, taken[-1] if taken else None, taken))
    published = {p.publication_id for p in posts}
    lasts = {pid: taken[-1] for pid, taken in by_publication.items() if pid in published}
    return ShortNumbers(project.id, project.topic, gained(lasts, {}), tuple(platforms))


async def best_hours(session: AsyncSession, user_id: int) -> dict[Platform, Recommendation]:
    """The learned best local posting hour per platform, for the platforms with enough data."""
    return advice.hours_by_platform((await user_stats(session, user_id)).posts)


async def admin_metrics(session: AsyncSession) -> AdminMetrics:
    found = await metric_reads.admin_totals(session)
    views = sum(found.views.values()) if found.views else None
    return AdminMetrics(
        sum(found.published_posts.values()), views, found.published_posts, found.views
    )
