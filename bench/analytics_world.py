"""What bench/analytics.py reads: 100 creators, each with a YouTube, Instagram, TikTok and X
account holding tokens the emulators granted (sealed), and 10,000 published posts that exist
on the emulators, every one of them due for a metrics read. Rows go in by bulk inserts."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.enums import AccountStatus, MetricsState, Platform, ProjectStatus, PublicationState
from core.settings import Settings
from core.token_cipher import token_cipher
from db.models import Project, SocialAccount, User
from db.models.publication import Publication
from tests.emulators.instagram.emulator import USER_ID as INSTAGRAM_USER
from tests.platforms.creator import TIKTOK_USER, grants
from tests.platforms.emulators import Emulators

READABLE = (Platform.YOUTUBE, Platform.INSTAGRAM, Platform.TIKTOK, Platform.X)
MAX_AGE_H = 60 * 24  # posts are between an hour and 60 days old


@dataclass
class AnalyticsWorld:
    settings: Settings
    emulators: Emulators
    sessionmaker: async_sessionmaker[AsyncSession]
    now: datetime
    user_ids: list[int] = field(default_factory=list)
    publications: int = 0


def _post_on(emulators: Emulators, platform: Platform, age: timedelta) -> str:
    """A post published `age` ago by the platform's own clock (TikTok's runs ahead)."""
    if platform is Platform.YOUTUBE:
        at = emulators.youtube.now() - age
        return emulators.youtube.channel.seed_video("a Short", published_at=at).id
    if platform is Platform.INSTAGRAM:
        at = emulators.instagram.clock.now() - age
        return emulators.instagram.world.seed_media(INSTAGRAM_USER, "a Reel", at=at).id
    if platform is Platform.TIKTOK:
        stamp = emulators.tiktok.clock() - age.total_seconds()
        return str(emulators.tiktok.videos.seed_video(TIKTOK_USER, "a Short", published_at=stamp))
    return emulators.x.seed_post(created_at=emulators.x.now() - age.total_seconds())


async def seed_world(world: AnalyticsWorld, *, users: int, shorts_per_user: int) -> None:
    """`users` creators with `shorts_per_user` Shorts each, every Short on the four readable
    platforms (users x shorts x 4 publications), all due now."""
    cipher = token_cipher(world.settings.publishers)
    expires = world.now + timedelta(hours=1)
    async with world.sessionmaker() as session:
        await session.execute(insert(User), [
            {"telegram_id": 900_000 + n, "name": f"Creator {n}", "language": "en"}
            for n in range(users)
        ])  # fmt: skip
        world.user_ids = list(await session.scalars(select(User.id).order_by(User.id)))
        accounts = []
        for user_id in world.user_ids:
            for platform, (external, access, refresh) in grants(world.emulators).items():
                accounts.append({
                    "user_id": user_id, "platform": platform, "external_id": external,
                    "name": platform.value, "status": AccountStatus.ACTIVE,
                    "access_token": cipher.seal(access), "expires_at": expires,
                    "refresh_token": None if refresh is None else cipher.seal(refresh),
                })  # fmt: skip
        await session.execute(insert(SocialAccount), accounts)
        await session.execute(insert(Project), [
            {"user_id": user_id, "topic": f"Short {n}", "language": "en",
             "target_duration": 20.0, "style": "vivid", "tone": "calm",
             "status": ProjectStatus.DONE}
            for user_id in world.user_ids for n in range(shorts_per_user)
        ])  # fmt: skip
        found = select(SocialAccount.user_id, SocialAccount.platform, SocialAccount.id)
        account_of = {(user, platform): pk for user, platform, pk in await session.execute(found)}
        projects = (await session.execute(select(Project.id, Project.user_id))).all()
        rows = []
        for index, (project_id, user_id) in enumerate(projects):
            age = timedelta(hours=1 + index % MAX_AGE_H)
            for platform in READABLE:
                rows.append({
                    "user_id": user_id, "project_id": project_id, "platform": platform,
                    "account_id": account_of[(user_id, platform)],
                    "state": PublicationState.PUBLISHED, "published_at": world.now - age,
                    "post_id": _post_on(world.emulators, platform, age),
                    "metrics_state": MetricsState.COLLECTING,
                    "metrics_due_at": world.now - timedelta(minutes=1),
                })  # fmt: skip
        await session.execute(insert(Publication), rows)
        await session.commit()
    world.publications = len(rows)
