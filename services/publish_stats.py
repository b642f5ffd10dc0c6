"""The counting half of the analytics endpoints: the user's Shorts by status, their
publications by platform and state, and the links of the published ones. Counted from the
rows, nothing estimated (the numbers the platforms gave are in `services.analytics`)."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from core.enums import Platform, ProjectStatus, PublicationState
from db.models import Project
from db.models.publication import Publication
from db.queries import publication_stats, stats
from services.owned import owned_project

MAX_PUBLISHED = 100  # links listed per answer, the latest first


@dataclass(frozen=True, slots=True)
class PublicationCount:
    platform: Platform
    state: PublicationState
    count: int


@dataclass(frozen=True, slots=True)
class PublishedPost:
    publication_id: int
    project_id: int
    platform: Platform
    url: str | None
    published_at: datetime | None


@dataclass(frozen=True, slots=True)
class PublishingTotals:
    shorts: dict[ProjectStatus, int]  # empty for one Short or one platform
    publications: list[PublicationCount]
    published: list[PublishedPost]


def _posts(found: Sequence[Publication]) -> list[PublishedPost]:
    return [
        PublishedPost(
            publication_id=p.id,
            project_id=p.project_id,
            platform=p.platform,
            url=p.post_url,
            published_at=p.published_at,
        )
        for p in found
    ]


async def _totals(
    session: AsyncSession, user_id: int, *, project_id: int | None = None,
    platform: Platform | None = None, shorts: dict[ProjectStatus, int] | None = None,
) -> PublishingTotals:  # fmt: skip
    counted = await publication_stats.counts(
        session, user_id, project_id=project_id, platform=platform
    )
    found = await publication_stats.published(
        session, user_id, project_id=project_id, platform=platform, limit=MAX_PUBLISHED
    )
    return PublishingTotals(
        shorts=shorts or {},
        publications=[PublicationCount(p, s, n) for p, s, n in counted],
        published=_posts(found),
    )


async def overview_totals(session: AsyncSession, user_id: int) -> PublishingTotals:
    """All the user's Shorts and publications."""
    shorts = await stats.projects_by_status(session, user_id)
    return await _totals(session, user_id, shorts=shorts)


async def short_totals(
    session: AsyncSession, user_id: int, project_id: int
) -> tuple[Project, PublishingTotals]:
    """One of the user's Shorts (NotFound for another user's) and its publications."""
    project = await owned_project(session, user_id, project_id)
    return project, await _totals(session, user_id, project_id=project.id)


async def platform_totals(
    session: AsyncSession, user_id: int, platform: Platform
) -> PublishingTotals:
    """The user's publications on one platform."""
    return await _totals(session, user_id, platform=platform)
