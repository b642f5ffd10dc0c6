"""A metrics collection rig: the platforms' emulators on one simulated clock, creators with
connected accounts (real tokens the emulators granted, sealed), published posts that exist
on the emulators, and a pass run at the rig's time through the real readers and credentials.

```python
async with metrics_rig(sessionmaker, tmp_path) as rig:
    creator = await rig.creator(700_001)
    pub = await rig.publish(creator, Platform.YOUTUBE)
    rig.advance(hours=1)
    report = await rig.collect()
```
"""

from collections.abc import AsyncIterator, Mapping
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
from cryptography.fernet import Fernet
from pydantic import SecretStr
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.enums import Platform, PublicationState
from core.metrics_settings import MetricsSettings
from core.publisher_settings import InstagramSettings, PublishersSettings, WebSettings
from core.settings import Settings, StorageSettings
from core.token_cipher import token_cipher
from db.models import MetricSnapshot, Project
from db.models.publication import Publication
from db.queries import projects, users
from jobs.publish_wiring import credentials_for
from publishers.registry import metrics_readers
from publishers.youtube.oauth import SCOPES as YOUTUBE_SCOPES
from services.metrics_cadence import metrics_start
from services.metrics_collection import CollectionReport, collect_due_metrics
from tests.emulators.instagram import USER_ID as INSTAGRAM_USER
from tests.emulators.instagram import InstagramEmulator
from tests.emulators.instagram.state import Clock
from tests.emulators.youtube import CHANNEL_ID, YouTubeEmulator
from tests.platforms.creator import sealed_account
from tests.publishers.youtube_env import youtube_settings

READABLE = (Platform.YOUTUBE, Platform.INSTAGRAM)
YEAR_S = 400 * 86_400  # tokens outlive every test's simulated time


@dataclass
class Creator:
    user_id: int
    accounts: dict[Platform, int] = field(default_factory=dict)


@dataclass
class MetricsRig:
    sessionmaker: async_sessionmaker[AsyncSession]
    youtube: YouTubeEmulator
    instagram: InstagramEmulator
    settings: Settings
    http: aiohttp.ClientSession
    now: datetime

    def advance(self, **delta: float) -> datetime:
        """Move every platform's clock and the pass's time together."""
        step = timedelta(**delta)
        self.youtube.advance(step.total_seconds())
        self.instagram.advance(seconds=step.total_seconds())
        self.now += step
        return self.now

    async def creator(self, telegram_id: int) -> Creator:
        """A user with a YouTube and an Instagram account holding tokens the emulators issued."""
        cipher = token_cipher(self.settings.publishers)
        google = self.youtube.oauth
        grant = google.issue_grant(" ".join(YOUTUBE_SCOPES))
        access, _ = google.access_token(grant)
        tokens = {
            Platform.YOUTUBE: (CHANNEL_ID, access, grant.refresh_token),
            Platform.INSTAGRAM: (INSTAGRAM_USER, self.instagram.issue_token(), None),
        }
        async with self.sessionmaker() as session:
            user = await users.get_or_create_user(session, telegram_id, "Creator", "en")
            creator = Creator(user.id)
            for platform, (external, token, refresh) in tokens.items():
                account = sealed_account(
                    cipher, user.id, platform, external, access=token, refresh=refresh
                )
                session.add(account)
                await session.flush()
                creator.accounts[platform] = account.id
            await session.commit()
        return creator

    def post_on(self, platform: Platform) -> str:
        """A post published on the platform at the rig's time; its ID there."""
        if platform is Platform.YOUTUBE:
            return self.youtube.channel.seed_video("a Short", published_at=self.now).id
        return self.instagram.world.seed_media(INSTAGRAM_USER, "a Reel", at=self.now).id

    async def publish(self, creator: Creator, platform: Platform, project_id: int = 0) -> int:
        """A PUBLISHED publication of a (new) project of the creator, as the runner leaves it."""
        (publication_id,) = await self.publish_many(creator, platform, 1, project_id)
        return publication_id

    async def publish_many(
        self, creator: Creator, platform: Platform, count: int, project_id: int = 0
    ) -> list[int]:
        """`count` PUBLISHED publications, each of a new project unless `project_id`."""
        async with self.sessionmaker() as session:
            rows = []
            for _ in range(count):
                post_id, project = self.post_on(platform), project_id
                if not project:
                    project = (await projects.create_project(
                        session, creator.user_id, topic="Octopus facts", language="en",
                        target_duration=20.0, style="vivid", tone="calm",
                    )).id  # fmt: skip
                state, due = metrics_start(platform, post_id, self.now)
                rows.append(Publication(
                    user_id=creator.user_id, project_id=project,
                    account_id=creator.accounts[platform], platform=platform,
                    state=PublicationState.PUBLISHED, post_id=post_id, published_at=self.now,
                    metrics_state=state, metrics_due_at=due,
                ))  # fmt: skip
            session.add_all(rows)
            await session.commit()
            return [row.id for row in rows]

    async def collect(self, **metrics: Any) -> CollectionReport:
        """One pass at the rig's time, with these METRICS__ settings."""
        settings = self.settings.model_copy(update={"metrics": MetricsSettings(**metrics)})
        return await collect_due_metrics(
            self.sessionmaker,
            readers=metrics_readers(settings.publishers),
            http=self.http,
            credentials=credentials_for(self.sessionmaker, settings, self.http),
            settings=settings.metrics,
            interval_s=settings.jobs.metrics_interval_s,
            now=self.now,
        )

    async def snapshots(self, publication_id: int) -> list[MetricSnapshot]:
        async with self.sessionmaker() as session:
            rows = await session.scalars(
                select(MetricSnapshot)
                .where(MetricSnapshot.publication_id == publication_id)
                .order_by(MetricSnapshot.taken_at, MetricSnapshot.id)
            )
            return list(rows)

    async def publication(self, publication_id: int) -> Publication:
        async with self.sessionmaker() as session:
            found = await session.get(Publication, publication_id, populate_existing=True)
            assert found is not None
            return found

    async def project(self, project_id: int) -> Project:
        async with self.sessionmaker() as session:
            found = await session.get(Project, project_id, populate_existing=True)
            assert found is not None
            return found

    def reads(self) -> Mapping[Platform, int]:
        """Requests each platform's emulator answered on its metrics route."""
        return {
            Platform.YOUTUBE: len(self.youtube.requests.to("videos")),
            Platform.INSTAGRAM: self.instagram.requests.count("insights"),
        }


def rig_settings(youtube: YouTubeEmulator, instagram: InstagramEmulator, folder: Path) -> Settings:
    publishers = PublishersSettings(
        token_keys=[SecretStr(Fernet.generate_key().decode())],
        secrets_dir=folder / "secrets",
        youtube=youtube_settings(youtube),
        instagram=InstagramSettings(**instagram.settings_values()),
    )
    web = WebSettings(secret_key=SecretStr("metrics-rig-web-key-0123456789"))
    storage = StorageSettings(root=folder / "storage")
    return Settings(publishers=publishers, web=web, storage=storage)


@asynccontextmanager
async def metrics_rig(
    sessionmaker: async_sessionmaker[AsyncSession], folder: Path, start: datetime | None = None
) -> AsyncIterator[MetricsRig]:
    """The rig, its clock at `start` (default: now)."""
    start = start or datetime.now(UTC).replace(microsecond=0)
    async with AsyncExitStack() as stack:
        youtube = await stack.enter_async_context(
            YouTubeEmulator(processing_polls=0, token_ttl_s=YEAR_S, start=start)
        )
        instagram = await stack.enter_async_context(InstagramEmulator(clock=Clock(start)))
        http = await stack.enter_async_context(aiohttp.ClientSession())
        settings = rig_settings(youtube, instagram, folder)
        yield MetricsRig(sessionmaker, youtube, instagram, settings, http, start)
        youtube.assert_no_internal_errors()
        instagram.assert_no_internal_errors()
