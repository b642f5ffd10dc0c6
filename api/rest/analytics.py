"""Analytics as far as they exist: counts of Shorts and publications and the published
links; `metrics` stays null until metrics are collected (a later version)."""

from collections.abc import Iterable
from datetime import datetime

from fastapi import APIRouter
from pydantic import BaseModel

from api.rest.ids import PathId
from api.rest.publish_models import ApiPublicationStatus, api_status
from api.rest_deps import Caller, Session
from core.enums import Platform, ProjectStatus
from services.publish_stats import (
    METRICS_NOTE,
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
    metrics: None = None
    note: str = METRICS_NOTE


class ShortAnalytics(BaseModel):
    project_id: int
    status: ProjectStatus
    publications: dict[Platform, StatusCounts]
    published: list[PublishedLink]
    metrics: None = None
    note: str = METRICS_NOTE


class PlatformAnalytics(BaseModel):
    platform: Platform
    publications: StatusCounts
    published: list[PublishedLink]
    metrics: None = None
    note: str = METRICS_NOTE


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
async def overview(caller: Caller, session: Session) -> Overview:
    """The caller's Shorts by status, publications by platform and status, published links."""
    totals = await overview_totals(session, caller.user_id)
    return Overview(
        shorts={status: totals.shorts.get(status, 0) for status in ProjectStatus},
        publications=_by_platform(totals.publications),
        published=_links(totals.published),
    )


@router.get("/analytics/video/{project_id}")
async def short_analytics(project_id: PathId, caller: Caller, session: Session) -> ShortAnalytics:
    """One Short's publications by platform and status, and its published links."""
    project, totals = await short_totals(session, caller.user_id, project_id)
    return ShortAnalytics(
        project_id=project.id,
        status=project.status,
        publications=_by_platform(totals.publications),
        published=_links(totals.published),
    )


@router.get("/analytics/platform/{platform}")
async def platform_analytics(
    platform: Platform, caller: Caller, session: Session
) -> PlatformAnalytics:
    """The caller's publications on one platform by status, and their published links."""
    totals = await platform_totals(session, caller.user_id, platform)
    return PlatformAnalytics(
        platform=platform,
        publications=_by_platform(totals.publications).get(platform, {}),
        published=_links(totals.published),
    )
