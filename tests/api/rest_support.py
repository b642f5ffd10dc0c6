"""The REST API as `python -m api` serves it (embedded mode): the real app over httpx's ASGI
transport, a committing PostgreSQL sessionmaker, tiny real renders run by LocalQueue with
offline providers, the OAuth2 emulator standing for YouTube, an injectable clock."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import httpx
from cryptography.fernet import Fernet
from pydantic import SecretStr
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from web_support import PLATFORM, FakeClock, RecordingAccountNotifier

from api.app import create_app
from api.deps import RestDeps, WebDeps
from api.key_cache import KeyCache
from api.rate_limit import MemoryRateLimiter, RateLimiter
from core.api_settings import ApiSettings
from core.plans import PlanCode
from core.publisher_settings import PublishersSettings, WebSettings
from core.settings import RenderSettings, Settings, StorageSettings
from core.signing import Signer
from core.token_cipher import TokenCipher
from db.models import User
from db.queries import users
from jobs.queue import LocalQueue
from jobs.runtime import build_job_ctx
from services.api_keys import create_api_key
from services.notices import api_notifier
from services.plan_grants import grant_plan
from services.web_links import WebLinks
from storage.disk import Storage
from storage.local import LocalStore
from tests.emulators.oauth2 import EmulatorOAuthClient, OAuth2Emulator

BASE = "http://api.test"
PROBLEM = "application/problem+json"


def assert_problem(response: httpx.Response, status: int, key: str) -> dict[str, Any]:
    """`response` is RFC 9457 problem details of this status and type; returns its body."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body: dict[str, Any] = response.json()
    assert body["type"] == f"/api/problems/{key}", body
    assert body["status"] == status
    assert isinstance(body["detail"], str)
    assert body["detail"]
    return body


@dataclass
class ApiHarness:
    client: httpx.AsyncClient
    sessionmaker: async_sessionmaker[AsyncSession]
    queue: LocalQueue
    storage: Storage
    settings: Settings
    clock: FakeClock
    links: WebLinks
    platform: OAuth2Emulator
    next_telegram_id: int = 700_000

    async def user(self, plan: PlanCode = PlanCode.PRO, language: str = "en") -> User:
        self.next_telegram_id += 1
        async with self.sessionmaker() as session:
            user = await users.get_or_create_user(session, self.next_telegram_id, "Dev", language)
            if plan is not PlanCode.FREE:
                await grant_plan(session, user.id, plan, days=30, now=self.clock())
            await session.commit()
            return user

    async def key_for(self, user: User) -> dict[str, str]:
        """Authorization headers with a new key of `user` (made as the bot's /api makes it)."""
        async with self.sessionmaker() as session:
            made = await create_api_key(session, user.id, now=self.clock())
        return {"Authorization": f"Bearer {made.secret}"}

    async def pro(self, language: str = "en") -> dict[str, str]:
        """A new Pro user's key headers."""
        return await self.key_for(await self.user(PlanCode.PRO, language))


def rest_settings(root: Path, api: ApiSettings | None = None) -> Settings:
    return Settings(
        storage=StorageSettings(root=root),
        render=RenderSettings(width=360, height=640, preset="ultrafast", timeout_s=120),
        publishers=PublishersSettings(secrets_dir=root.parent / "secrets"),
        web=WebSettings(public_url=BASE, secret_key=SecretStr("test-web-key")),
        api=api or ApiSettings(),
    )


@asynccontextmanager
async def running_rest_app(
    tmp_path: Path,
    sessionmaker: async_sessionmaker[AsyncSession],
    *,
    api: ApiSettings | None = None,
    limiter: RateLimiter | None = None,
    keys: KeyCache | None = None,
) -> AsyncIterator[ApiHarness]:
    root = tmp_path / "storage"
    root.mkdir(exist_ok=True)
    settings = rest_settings(root, api)
    storage = Storage(root)
    clock = FakeClock()
    links = WebLinks(BASE, Signer(b"test-web-key", clock), state_ttl_s=900, media_ttl_s=600)
    notifier = api_notifier(sessionmaker)
    ctx = build_job_ctx(settings, sessionmaker, notifier, storage)
    queue = LocalQueue(ctx)
    notifier.attach_queue(queue)  # as python -m api does
    limiter = limiter or MemoryRateLimiter()
    rest = RestDeps(
        settings=settings, queue=queue, storage=storage, clock=clock, limiter=limiter,
        keys=keys or KeyCache(ttl_s=0),
    )  # fmt: skip
    async with OAuth2Emulator() as platform, aiohttp.ClientSession() as http:
        deps = WebDeps(
            sessionmaker=sessionmaker,
            clients={PLATFORM: EmulatorOAuthClient(platform.base_url)},
            http=http,
            cipher=TokenCipher([Fernet.generate_key().decode()]),
            links=links,
            store=LocalStore(root),
            scratch=tmp_path / "scratch",
            notifier=RecordingAccountNotifier(),
            rest=rest,
        )
        transport = httpx.ASGITransport(app=create_app(deps))
        async with httpx.AsyncClient(transport=transport, base_url=BASE, timeout=30) as client:
            try:
                yield ApiHarness(
                    client=client,
                    sessionmaker=sessionmaker,
                    queue=queue,
                    storage=storage,
                    settings=settings,
                    clock=clock,
                    links=links,
                    platform=platform,
                )
            finally:
                await queue.close()
                await limiter.close()
