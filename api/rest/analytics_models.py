"""The numbers in the analytics answers: a count is null where the platform gave none ("no
data yet" is not 0), and each platform's caveats (no views, lag, a changed definition) are
said next to them."""

from collections.abc import Iterable
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from core.enums import MetricsState, Platform
from services.analytics_models import (
    AnalyticsReport,
    BestShort,
    PlatformNumbers,
    Recommendation,
    ShortNumbers,
    Totals,
)

PLATFORM_NOTES = {
    Platform.TELEGRAM: "Telegram gives bots no view counts: only reactions, where available.",
    Platform.YOUTUBE: "YouTube numbers arrive up to 48-72 h late; since March 2025 a Short's "
    "views count every replay (engaged views are in `extra` where collected).",
    Platform.INSTAGRAM: "Instagram numbers arrive up to 48 h late.",
}


class ApiTotals(BaseModel):
    views: int | None = None
    likes: int | None = None
    comments: int | None = None
    shares: int | None = None
    saves: int | None = None
    engagement_rate: float | None = Field(
        None, description="(likes + comments + shares) / views; null without views."
    )

    @classmethod
    def of(cls, totals: Totals) -> "ApiTotals":
        return cls(
            views=totals.views, likes=totals.likes, comments=totals.comments,
            shares=totals.shares, saves=totals.saves, engagement_rate=totals.engagement_rate,
        )  # fmt: skip


class ApiEvidence(BaseModel):
    n: int = Field(description="The caller's Shorts with this value and numbers.")
    rest_n: int
    mean: float = Field(description="Their mean engagement rate.")
    rest_mean: float
    effect: float = Field(description="Cohen's d against the rest.")


class ApiRecommendation(BaseModel):
    dimension: Literal["topic", "style", "tone", "length", "hour"]
    value: str
    platform: Platform | None
    is_default: bool = Field(description="True: a sensible default, not learned from data.")
    evidence: ApiEvidence | None

    @classmethod
    def of(cls, rec: Recommendation) -> "ApiRecommendation":
        found = rec.evidence
        evidence = None
        if found is not None:
            evidence = ApiEvidence(
                n=found.n, rest_n=found.rest_n, mean=found.mean, rest_mean=found.rest_mean,
                effect=found.effect,
            )  # fmt: skip
        return cls(
            dimension=rec.dimension, value=rec.value, platform=rec.platform,
            is_default=rec.is_default, evidence=evidence,
        )  # fmt: skip


class ApiBestShort(BaseModel):
    project_id: int
    topic: str
    url: str | None
    views: int | None
    engagement_rate: float | None
    apart: dict[str, str] = Field(description="What set it apart from the caller's usual.")

    @classmethod
    def of(cls, best: BestShort) -> "ApiBestShort":
        return cls(
            project_id=best.project_id, topic=best.topic, url=best.url, views=best.views,
            engagement_rate=best.engagement_rate, apart=dict(best.apart),
        )  # fmt: skip


class PlatformNote(BaseModel):
    platform: Platform
    note: str


def platform_notes(platforms: Iterable[Platform]) -> list[PlatformNote]:
    return [
        PlatformNote(platform=p, note=PLATFORM_NOTES[p]) for p in platforms if p in PLATFORM_NOTES
    ]


class OverviewMetrics(BaseModel):
    last_7_days: ApiTotals = Field(description="Gained in the last 7 days.")
    last_30_days: ApiTotals
    all_time: ApiTotals
    published_posts: int
    best: ApiBestShort | None
    recommendations: list[ApiRecommendation]
    notes: list[PlatformNote]

    @classmethod
    def of(cls, report: AnalyticsReport) -> "OverviewMetrics":
        return cls(
            last_7_days=ApiTotals.of(report.last_7_days),
            last_30_days=ApiTotals.of(report.last_30_days),
            all_time=ApiTotals.of(report.all_time),
            published_posts=report.published_posts,
            best=None if report.best is None else ApiBestShort.of(report.best),
            recommendations=[ApiRecommendation.of(r) for r in report.recommendations],
            notes=platform_notes(report.platforms),
        )


class ViewsPoint(BaseModel):
    at: datetime
    views: int


class PostNumbers(BaseModel):
    """One publication's latest numbers on its platform."""

    publication_id: int
    platform: Platform
    url: str | None
    latest: ApiTotals
    read_at: datetime | None = Field(description="The latest reading; null: never read.")
    state: MetricsState | None = Field(
        description="gone: deleted or private; revoked: reconnect the account; unsupported: "
        "the platform gives no numbers."
    )
    views_over_time: list[ViewsPoint]

    @classmethod
    def of(cls, numbers: PlatformNumbers) -> "PostNumbers":
        return cls(
            publication_id=numbers.publication_id, platform=numbers.platform, url=numbers.url,
            latest=ApiTotals.of(numbers.latest), read_at=numbers.read_at, state=numbers.state,
            views_over_time=[ViewsPoint(at=at, views=views) for at, views in numbers.series],
        )  # fmt: skip


class ShortMetrics(BaseModel):
    total: ApiTotals
    posts: list[PostNumbers]
    notes: list[PlatformNote]

    @classmethod
    def of(cls, numbers: ShortNumbers) -> "ShortMetrics":
        platforms = {item.platform for item in numbers.platforms}
        return cls(
            total=ApiTotals.of(numbers.total),
            posts=[PostNumbers.of(item) for item in numbers.platforms],
            notes=platform_notes(p for p in Platform if p in platforms),
        )
