"""What the analytics use cases return, for the bot, the REST API and the digest alike.

Counts are None where no platform has given that number ("no data yet" is not 0). Words are
not here: transports render these in the reader's language.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from core.enums import MetricsState, Platform

Dimension = Literal["topic", "style", "tone", "length", "hour"]


@dataclass(frozen=True, slots=True)
class Totals:
    views: int | None = None
    likes: int | None = None
    comments: int | None = None
    shares: int | None = None
    saves: int | None = None
    engagement_rate: float | None = None  # (likes + comments + shares) / views

    @property
    def has_data(self) -> bool:
        return any(v is not None for v in (self.views, self.likes, self.comments, self.shares))


@dataclass(frozen=True, slots=True)
class PlatformNumbers:
    """One publication's latest numbers on its platform."""

    publication_id: int
    platform: Platform
    url: str | None
    latest: Totals
    read_at: datetime | None  # the latest snapshot; None: never read
    state: MetricsState | None
    series: tuple[tuple[datetime, int], ...] = ()  # views over time, for the small chart


@dataclass(frozen=True, slots=True)
class ShortNumbers:
    """A Short's card: its numbers on every platform it was published to."""

    project_id: int
    topic: str
    total: Totals
    platforms: tuple[PlatformNumbers, ...]


@dataclass(frozen=True, slots=True)
class Evidence:
    """Why one value of a dimension did best: its Shorts against the rest."""

    n: int  # the user's Shorts with this value and numbers
    rest_n: int  # the user's other Shorts with numbers
    mean: float  # mean engagement rate of those Shorts
    rest_mean: float
    effect: float  # Cohen's d of the engagement rate against the rest


@dataclass(frozen=True, slots=True)
class Recommendation:
    dimension: Dimension
    value: str  # a style or tone name, a length in seconds, an hour 0-23 in the user's zone
    platform: Platform | None  # None: across platforms
    evidence: Evidence | None  # None: a sensible default, said to be one
    is_default: bool


@dataclass(frozen=True, slots=True)
class BestShort:
    project_id: int
    topic: str
    url: str | None  # the link of its best publication
    views: int | None
    engagement_rate: float | None
    # What set it apart: dimension -> its value where it differs from the user's usual.
    apart: dict[Dimension, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class AnalyticsReport:
    """/analytics, the weekly digest and GET /api/analytics/overview."""

    last_7_days: Totals  # views etc. gained in the window (from snapshots)
    last_30_days: Totals
    all_time: Totals
    published_posts: int
    best: BestShort | None
    recommendations: tuple[Recommendation, ...]
    # Platforms the user publishes to that give no numbers to us (Telegram views) or lag.
    platforms: tuple[Platform, ...]

    @property
    def has_data(self) -> bool:
        return self.all_time.has_data


@dataclass(frozen=True, slots=True)
class Chart:
    name: Literal["views", "best", "by_style", "by_length", "by_hour", "short"]
    png: bytes


@dataclass(frozen=True, slots=True)
class TopicIdea:
    topic: str
    style: str | None
    tone: str | None
    duration_s: int | None
    source: Literal["llm", "offline"]  # offline: built from the best topics' words, said so
    based_on: tuple[int, ...]  # project IDs it grew from
