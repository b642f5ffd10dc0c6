"""What one try of the publish job works with: the process's dependencies and which try
this is (services.publish_run)."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta

import aiohttp
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.enums import Platform
from core.ports import Notifier
from core.publisher_settings import PublishQuotaSettings
from db.models.social_account import SocialAccount
from publishers.base import Credentials, Publisher, Sleep
from services.metrics_cadence import DEFAULT_CADENCE, Cadence
from services.publish_media import MediaUrl
from storage.disk import Storage


@dataclass(frozen=True, slots=True)
class PublishDeps:
    sessionmaker: async_sessionmaker[AsyncSession]
    storage: Storage
    notifier: Notifier
    http: aiohttp.ClientSession
    publishers: Mapping[Platform, Publisher]
    credentials: Callable[[SocialAccount], Credentials]
    quotas: PublishQuotaSettings
    lease: timedelta
    media_url: MediaUrl | None = None
    sleep: Sleep | None = None
    cadence: Cadence = DEFAULT_CADENCE  # when a post's metrics are first read


@dataclass(frozen=True, slots=True)
class JobTry:
    owner: str  # who holds leases in this process
    number: int = 1
    last: int = 1

    @property
    def is_last(self) -> bool:
        return self.number >= self.last
