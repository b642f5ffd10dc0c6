"""Sums of snapshots, kept honest: a count no platform gave stays None (never 0), and a
window's gain is the latest count in it minus the latest before it, per publication.

A platform may correct a count downwards (spam views removed): a publication's gain is then
clamped at 0, so a window's total never goes negative; the snapshots keep the raw counts.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from core.enums import Platform
from db.models.metric_snapshot import MetricSnapshot
from db.queries.short_traits import PublishedPost
from services.analytics_models import PlatformNumbers, Totals

COUNTS = ("views", "likes", "comments", "shares", "saves")
# Length buckets by the Short's target duration: (label, lowest seconds of the bucket).
LENGTH_BUCKETS: tuple[tuple[str, float], ...] = (
    ("<15", 0.0), ("15-29", 15.0), ("30-45", 30.0), ("46-60", 46.0), ("61+", 61.0),
)  # fmt: skip
# The duration a new Short of each bucket gets.
BUCKET_SECONDS = {"<15": 12, "15-29": 25, "30-45": 40, "46-60": 55, "61+": 75}


def _add(total: int | None, value: int | None) -> int | None:
    if value is None:
        return total
    return value if total is None else total + value


def engagement_rate(
    views: int | None, likes: int | None, comments: int | None, shares: int | None
) -> float | None:
    """(likes + comments + shares) / views; None without views or without any reaction count."""
    if not views or all(v is None for v in (likes, comments, shares)):
        return None
    return ((likes or 0) + (comments or 0) + (shares or 0)) / views


def totals(counts: Iterable[Mapping[str, int | None]]) -> Totals:
    """The sum of each count over `counts` (None where none of them has it)."""
    sums: dict[str, int | None] = dict.fromkeys(COUNTS)
    for one in counts:
        for name in COUNTS:
            sums[name] = _add(sums[name], one.get(name))
    rate = engagement_rate(sums["views"], sums["likes"], sums["comments"], sums["shares"])
    return Totals(**sums, engagement_rate=rate)


def counts_of(snapshot: MetricSnapshot) -> dict[str, int | None]:
    return {name: getattr(snapshot, name) for name in COUNTS}


def gained(latest: Mapping[int, MetricSnapshot], at_start: Mapping[int, MetricSnapshot]) -> Totals:
    """What the window added: per publication, its latest count minus the one before the
    window (nothing before: all of it is new), clamped at 0; None where the latest is None."""
    gains = []
    for publication_id, snapshot in latest.items():
        before = at_start.get(publication_id)
        one: dict[str, int | None] = {}
        for name in COUNTS:
            now_value = getattr(snapshot, name)
            old = getattr(before, name) if before is not None else None
            one[name] = None if now_value is None else max(0, now_value - (old or 0))
        gains.append(one)
    return totals(gains)


def length_bucket(seconds: float) -> str:
    label = LENGTH_BUCKETS[0][0]
    for name, lowest in LENGTH_BUCKETS:
        if seconds >= lowest:
            label = name
    return label


def local_hour(when: datetime | None, zone: str | None) -> int | None:
    return None if when is None else when.astimezone(ZoneInfo(zone or "UTC")).hour


@dataclass(frozen=True, slots=True)
class PostStats:
    """One publication's latest numbers, with where and when it went out."""

    post: PublishedPost
    numbers: Totals
    hour: int | None  # local posting hour


@dataclass(frozen=True, slots=True)
class ShortStats:
    """One Short's numbers summed over its publications, and its traits."""

    project_id: int
    topic: str
    style: str
    tone: str
    length: str
    duration_s: float
    hour: int | None  # local hour of its first publication
    numbers: Totals
    url: str | None  # the link of its publication with the most views
    platforms: tuple[Platform, ...]


def post_stats(
    posts: Iterable[PublishedPost], latest: Mapping[int, MetricSnapshot], zone: str | None
) -> list[PostStats]:
    found = []
    for post in posts:
        snapshot = latest.get(post.publication_id)
        numbers = totals([counts_of(snapshot)]) if snapshot is not None else Totals()
        found.append(PostStats(post, numbers, local_hour(post.published_at, zone)))
    return found


def short_stats(posts: Iterable[PostStats]) -> list[ShortStats]:
    """Per Short, in the order of their first publication."""
    grouped: dict[int, list[PostStats]] = {}
    for one in posts:
        grouped.setdefault(one.post.project_id, []).append(one)
    found = []
    for project_id, group in grouped.items():
        first = group[0].post
        counts = [{n: getattr(p.numbers, n) for n in COUNTS} for p in group]
        ranked = sorted(group, key=lambda p: p.numbers.views or -1, reverse=True)
        url = next((p.post.url for p in ranked if p.post.url), None)
        found.append(
            ShortStats(
                project_id=project_id, topic=first.topic, style=first.style, tone=first.tone,
                length=length_bucket(first.target_duration), duration_s=first.target_duration,
                hour=group[0].hour, numbers=totals(counts), url=url,
                platforms=tuple(dict.fromkeys(p.post.platform for p in group)),
            )
        )  # fmt: skip
    return found


def post_numbers(
    post: PublishedPost, last: MetricSnapshot | None, series: Iterable[MetricSnapshot] = ()
) -> PlatformNumbers:
    """One publication's latest numbers (`last`: its latest snapshot, None: never read) and,
    from `series`, its views over time."""
    return PlatformNumbers(
        publication_id=post.publication_id,
        platform=post.platform,
        url=post.url,
        latest=gained({0: last}, {}) if last is not None else Totals(),
        read_at=last.taken_at if last is not None else None,
        state=post.metrics_state,
        series=tuple((s.taken_at, s.views) for s in series if s.views is not None),
    )
