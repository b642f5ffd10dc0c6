"""Crafted analytics data for the analytics tests: a user's Shorts, their published posts and
metric snapshots written straight as rows (collection is tested on its own)."""

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import count

from sqlalchemy.ext.asyncio import AsyncSession

from core.enums import AccountStatus, MetricsState, Platform, ProjectStatus, PublicationState
from db.models import Project, User
from db.models.metric_snapshot import MetricSnapshot
from db.models.publication import Publication
from db.models.social_account import SocialAccount

NOW = datetime(2026, 12, 10, 12, 0, tzinfo=UTC)
_ids = count(1)

COMIC = [0.10, 0.12, 0.14, 0.12]  # engagement rates of the comic Shorts: the known winner
VIVID = [0.04, 0.05, 0.03, 0.04, 0.05, 0.03, 0.04, 0.05]


@dataclass
class World:
    """One user's rows; `accounts` by platform, made on first use."""

    session: AsyncSession
    user: User
    accounts: dict[Platform, SocialAccount] = field(default_factory=dict)

    async def account(self, platform: Platform) -> SocialAccount:
        if platform not in self.accounts:
            account = SocialAccount(
                user_id=self.user.id, platform=platform, external_id=f"ext-{next(_ids)}",
                name=f"{platform} account", status=AccountStatus.ACTIVE,
            )  # fmt: skip
            self.session.add(account)
            await self.session.flush()
            self.accounts[platform] = account
        return self.accounts[platform]

    async def short(
        self, topic: str, *, style: str = "vivid", tone: str = "friendly",
        duration: float = 30.0,
    ) -> Project:  # fmt: skip
        project = Project(
            user_id=self.user.id, topic=topic, language=self.user.language,
            target_duration=duration, style=style, tone=tone, status=ProjectStatus.DONE,
        )  # fmt: skip
        self.session.add(project)
        await self.session.flush()
        return project

    async def post(
        self, project: Project, platform: Platform, published_at: datetime,
        *, url: str | None = None, state: PublicationState = PublicationState.PUBLISHED,
    ) -> Publication:  # fmt: skip
        account = await self.account(platform)
        publication = Publication(
            user_id=self.user.id, project_id=project.id, account_id=account.id,
            platform=platform, state=state, published_at=published_at,
            post_url=url or f"https://{platform}.example/{project.id}",
            post_id=f"post-{next(_ids)}", metrics_state=MetricsState.COLLECTING,
        )  # fmt: skip
        self.session.add(publication)
        await self.session.flush()
        return publication

    async def snap(
        self, publication: Publication, taken_at: datetime, views: int | None,
        *, likes: int | None = None, comments: int | None = None, shares: int | None = None,
    ) -> MetricSnapshot:  # fmt: skip
        snapshot = MetricSnapshot(
            publication_id=publication.id, user_id=self.user.id,
            project_id=publication.project_id, platform=publication.platform,
            taken_at=taken_at, views=views, likes=likes, comments=comments, shares=shares,
        )  # fmt: skip
        self.session.add(snapshot)
        await self.session.flush()
        return snapshot


async def world_of(
    session: AsyncSession, name: str, *, language: str = "en", zone: str | None = None
) -> World:
    user = User(telegram_id=700_000 + next(_ids), name=name, language=language, timezone=zone)
    session.add(user)
    await session.flush()
    return World(session, user)


def days_ago(days: float, now: datetime = NOW) -> datetime:
    return now - timedelta(days=days)


async def winners(session: AsyncSession) -> World:
    """Moscow time. Comic Shorts about octopuses posted at 20:00 did best; vivid ones about
    gardens at 09:00 did worse; tones alternate with no clear effect; every Short is 30 s."""
    world = await world_of(session, "Dana", zone="Europe/Moscow")
    for index, rate in enumerate(COMIC + VIVID):
        comic = index < len(COMIC)
        project = await world.short(
            f"{'Octopus' if comic else 'Garden'} #{index}",
            style="comic" if comic else "vivid",
            tone="calm" if index % 2 else "friendly",
        )
        day = NOW - timedelta(days=20 - index)
        published = day.replace(hour=17 if comic else 6, minute=0)  # 20:00 / 09:00 in Moscow
        post = await world.post(project, Platform.YOUTUBE, published)
        await world.snap(post, published + timedelta(days=1), 1000, likes=round(rate * 1000))
        if index in (0, 1):  # two TikTok posts at the same rate: too few for TikTok's hour
            tiktok = await world.post(project, Platform.TIKTOK, NOW - timedelta(days=3))
            await world.snap(tiktok, NOW - timedelta(days=1), 100, likes=round(rate * 100))
    return world
