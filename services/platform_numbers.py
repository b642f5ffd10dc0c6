"""One platform's numbers for a user (GET /api/analytics/platform/{platform}): the latest
numbers of each published post there and their sum ("no data yet" stays None)."""

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from core.enums import Platform
from db.queries import metric_reads, short_traits
from services.analytics_models import PlatformNumbers, Totals
from services.analytics_numbers import gained, post_numbers


@dataclass(frozen=True, slots=True)
class PlatformReport:
    platform: Platform
    total: Totals
    posts: tuple[PlatformNumbers, ...]


async def platform_numbers(
    session: AsyncSession, user_id: int, platform: Platform
) -> PlatformReport:
    posts = [
        post
        for post in await short_traits.published_posts(session, user_id)
        if post.platform is platform
    ]
    latest = await metric_reads.latest_snapshots(session, user_id)
    numbers = [post_numbers(post, latest.get(post.publication_id)) for post in posts]
    mine = {
        p.publication_id: latest[p.publication_id] for p in posts if p.publication_id in latest
    }
    return PlatformReport(platform, gained(mine, {}), tuple(numbers))
