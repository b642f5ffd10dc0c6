"""Analytics: counts of Shorts and publications, the published links, and the numbers the
platforms gave (null where none yet), with what works best and each platform's caveats."""

from collections.abc import Iterable
from datetime import datetime

from fastapi import APIRouter
from pydantic import BaseModel

from api.rest.analytics_models import (
    ApiTotals,
    OverviewMetrics,
    PlatformNote,
    PostNumbers,
    ShortMetrics,
    platform_notes,
)
from api.rest.ids import PathId
from api.rest.publish_models import ApiPublicationStatus, api_status
from api.rest_deps import Caller, Rest, Session
from core.enums import Platform, ProjectStatus
from services.analytics import analytics_report, short_numbers
from services.platform_numbers import platform_numbers
from services.publish_stats import (
    PublicationCount,
    PublishedPost,
    overview_totals,
    platform_totals,
    short_totals,
)

router = APIRouter(tags=["analytics"])
StatusCounts = dict[ApiPublicationStatus, int]


class PublishedLink(BaseModel):
    publication_id: int
    project_id: int
    platform: Platform
    url: str | None
    published_at: datetime | None


class Overview(BaseModel):
    shorts: dict[ProjectStatus, int]
    publications: dict[Platform, StatusCounts]
    published: list[PublishedLink]  # the latest 100
    metrics: OverviewMetrics


class ShortAnalytics(BaseModel):
    project_id: int
    status: ProjectStatus
    publications: dict[Platform, StatusCounts]
    published: list[PublishedLink]
    metrics: ShortMetrics


class PlatformMetrics(BaseModel):
    total: ApiTotals
    posts: list[PostNumbers]
    notes: list[PlatformNote]


class PlatformAnalytics(BaseModel):
    platform: Platform
    publications: StatusCounts
    published: list[PublishedLink]
    metrics: PlatformMetrics


def _by_platform(counts: Iterable[PublicationCount]) -> dict[Platform, StatusCounts]:
    folded: dict[Platform, StatusCounts] = {}
    for item in counts:
        of_platform = folded.setdefault(item.platform, {})
        status = api_status(item.state)
        of_platform[status] = of_platform.get(status, 0) + item.count
    return folded


def _links(posts: Iterable[PublishedPost]) -> list[PublishedLink]:
    return [PublishedLink.model_validate(post, from_attributes=True) for post in posts]


@router.get("/analytics/overview")
async def overview(caller: Caller, session: Session, rest: Rest) -> Overview:
    """The caller's Shorts by status, publications by platform and status, published links,
    and the numbers: totals of the last 7 and 30 days and all time, the best Short, what
    works best with its evidence."""
    totals = await overview_totals(session, caller.user_id)
    report = await analytics_report(session, caller.user_id, now=rest.clock())
    return Overview(
        shorts={status: totals.shorts.get(status, 0) for status in ProjectStatus},
        publications=_by_platform(totals.publications),
        published=_links(totals.published),
        metrics=OverviewMetrics.of(report),
    )


@router.get("/analytics/video/{project_id}")
async def short_analytics(project_id: PathId, caller: Caller, session: Session) -> ShortAnalytics:
    """One Short's publications by platform and status, its published links, and its
    numbers on each platform with its views over time."""
    project, totals = await short_totals(session, caller.user_id, project_id)
    numbers = await short_numbers(session, caller.user_id, project.id)
    return ShortAnalytics(
        project_id=project.id,
        status=project.status,
        publications=_by_platform(totals.publications),
        published=_links(totals.published),
        metrics=ShortMetrics.of(numbers),
    )


@router.get("/analytics/platform/{platform}")
async def platform_analytics(
    platform: Platform, caller: Caller, session: Session
) -> PlatformAnalytics:
    """The caller's publications on one platform by status, their published links, and
    each published post's latest numbers there with their sum."""
    totals = await platform_totals(session, caller.user_id, platform)
    numbers = await platform_numbers(session, caller.user_id, platform)
    return PlatformAnalytics(
        platform=platform,
        publications=_by_platform(totals.publications).get(platform, {}),
        published=_links(totals.published),
        metrics=PlatformMetrics(
            total=ApiTotals.of(numbers.total),
            posts=[PostNumbers.of(post) for post in numbers.posts],
            notes=platform_notes([platform]),
        ),
    )
