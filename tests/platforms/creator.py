"""A creator's world in the database: a user with one ACTIVE account per platform holding
real tokens the emulators granted (sealed with the cipher), the Telegram channel where the
bot is admin, and DONE Shorts with a real MP4 in the store and a script to post from."""

import shutil
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.enums import AccountStatus, ArtifactKind, Platform, ProjectStatus, StageName
from core.plans import PlanCode
from core.post_options import PostChoices
from core.settings import Settings
from core.token_cipher import TokenCipher, token_cipher
from db.base import utcnow
from db.models import SocialAccount
from db.queries import artifacts, projects, scripts, stages, users
from publishers.registry import publishers
from publishers.youtube.oauth import SCOPES as YOUTUBE_SCOPES
from services.post_texts import default_choices
from storage import keys
from storage.disk import Storage, sha256_of
from tests.emulators.instagram.emulator import USER_ID as INSTAGRAM_USER
from tests.emulators.x import DEFAULT_USER as X_USER
from tests.emulators.youtube import CHANNEL_ID
from tests.platforms.emulators import Emulators
from tests.platforms.short_video import make_short

TIKTOK_USER = "open.creator1"
TITLE = "Why octopuses have three hearts"
DESCRIPTION = "Three hearts, blue blood and a brain in every arm."
HASHTAGS = ["#octopus", "#science", "#shorts"]
# The choices each platform makes the person take (TikTok's privacy has no default).
PLATFORM_CHOICES: Mapping[Platform, Mapping[str, object]] = {
    Platform.TIKTOK: {"privacy": "PUBLIC_TO_EVERYONE"},
    Platform.YOUTUBE: {"privacy": "public"},
}


@dataclass
class World:
    settings: Settings
    emulators: Emulators
    sessionmaker: async_sessionmaker[AsyncSession]
    storage: Storage
    user_id: int
    accounts: dict[Platform, int] = field(default_factory=dict)

    def with_user(self, user_id: int) -> "World":
        """The same world seen by another user (their Shorts, no accounts)."""
        return replace(self, user_id=user_id, accounts={})

    async def add_short(self, title: str = TITLE, seconds: float = 4.0) -> int:
        """A DONE project of the user with its video in the store and a script."""
        return await add_short(self, title, seconds)

    def choices(
        self, title: str = TITLE, platforms: frozenset[Platform] | None = None,
        description: str = DESCRIPTION,
    ) -> dict[int, PostChoices]:  # fmt: skip
        """Account ID -> the post's text for it, as the preview proposes it."""
        limits = {p: pub.limits for p, pub in publishers(self.settings.publishers,
                                                          self.settings.bot).items()}  # fmt: skip
        out = {}
        for platform, account_id in self.accounts.items():
            if platforms is not None and platform not in platforms:
                continue
            choice = default_choices(
                platform, limits[platform], title=title, description=description,
                hashtags=HASHTAGS, ai_generated=True,
            )  # fmt: skip
            out[account_id] = choice.model_copy(update=dict(PLATFORM_CHOICES.get(platform, {})))
        return out


def grants(emulators: Emulators) -> dict[Platform, tuple[str, str, str | None]]:
    """Platform -> (external ID, access token, refresh token), each granted by its emulator."""
    google = emulators.youtube.oauth
    google_grant = google.issue_grant(" ".join(YOUTUBE_SCOPES))
    google_token, _ = google.access_token(google_grant)
    tiktok_access, tiktok_refresh = emulators.tiktok.grant()
    x_grant = emulators.x.connect()
    return {
        Platform.YOUTUBE: (CHANNEL_ID, google_token, google_grant.refresh_token),
        Platform.INSTAGRAM: (INSTAGRAM_USER, emulators.instagram.issue_token(), None),
        Platform.TIKTOK: (TIKTOK_USER, tiktok_access, tiktok_refresh),
        Platform.X: (X_USER.id, x_grant.access_token, x_grant.refresh_token),
    }


async def create_world(
    settings: Settings, emulators: Emulators,
    sessionmaker: async_sessionmaker[AsyncSession], *, telegram_id: int = 700_001,
) -> World:  # fmt: skip
    """The user and their five accounts; tokens valid for an hour."""
    cipher = token_cipher(settings.publishers)
    storage = Storage(settings.storage.root.resolve())
    async with sessionmaker() as session:
        user = await users.get_or_create_user(session, telegram_id, "Creator", "en")
        user.plan = PlanCode.CREATOR  # every platform (Free publishes to two)
        world = World(settings, emulators, sessionmaker, storage, user.id)
        expires = utcnow() + timedelta(hours=1)
        for platform, (external, access, refresh) in grants(emulators).items():
            account = sealed_account(
                cipher, user.id, platform, external, access=access, refresh=refresh
            )
            account.expires_at = expires
            session.add(account)
        channel = emulators.channel
        session.add(SocialAccount(
            user_id=user.id, platform=Platform.TELEGRAM, external_id=str(channel.id),
            name=channel.title or "channel", status=AccountStatus.ACTIVE,
        ))  # fmt: skip
        await session.commit()
        for account in await users_accounts(session, user.id):
            world.accounts[account.platform] = account.id
    return world


def sealed_account(
    cipher: TokenCipher, user_id: int, platform: Platform, external_id: str, *, access: str,
    refresh: str | None, expires_at: datetime | None = None,
) -> SocialAccount:  # fmt: skip
    return SocialAccount(
        user_id=user_id, platform=platform, external_id=external_id,
        name=f"{platform.value} account", status=AccountStatus.ACTIVE,
        access_token=cipher.seal(access),
        refresh_token=None if refresh is None else cipher.seal(refresh),
        expires_at=expires_at,
    )  # fmt: skip


async def users_accounts(session: AsyncSession, user_id: int) -> list[SocialAccount]:
    rows = await session.scalars(select(SocialAccount).where(SocialAccount.user_id == user_id))
    return list(rows)


async def add_short(world: World, title: str, seconds: float) -> int:
    async with world.sessionmaker() as session:
        project = await projects.create_project(
            session, world.user_id, topic=title, language="en", target_duration=seconds,
            style="vivid", tone="calm",
        )  # fmt: skip
        await scripts.upsert_script(
            session, project.id, language="en", hook=title, points=[DESCRIPTION], cta="Follow",
            scenes=[], title=title, description=DESCRIPTION, hashtags=HASHTAGS, writer="test",
        )  # fmt: skip
        key = keys.project_file(world.user_id, project.id, "video.mp4")
        target = world.storage.resolve(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        cached = make_short(world.storage.root.parent / "shorts" / f"{seconds:g}s.mp4", seconds)
        shutil.copyfile(cached, target)
        run = await stages.start_stage(session, project, StageName.RENDER)
        stages.finish_stage(run, 1.0)
        await artifacts.put_artifact(
            session, run, ArtifactKind.VIDEO, key, sha256=sha256_of(target),
            size_bytes=target.stat().st_size, duration=seconds,
        )  # fmt: skip
        projects.set_project_state(project, ProjectStatus.DONE, stage=None, progress=1.0)
        await session.commit()
        return project.id
