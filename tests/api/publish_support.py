"""The REST API in front of the publishing world: the five platform emulators, a creator
with one ACTIVE account on each (real sealed tokens) and finished Shorts with a real MP4,
the app over httpx's ASGI transport, and its queue a real LocalQueue whose publish jobs
post to the emulators. The creator is on Pro (API keys) and `headers` holds their key."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import httpx
from rest_support import BASE
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from web_support import FakeClock

from api.app import create_app
from api.deps import RestDeps, WebDeps
from api.rate_limit import MemoryRateLimiter
from core.enums import AccountStatus, Platform
from core.plans import PlanCode
from core.token_cipher import token_cipher
from db.models import SocialAccount, User
from db.models.publication import Publication
from db.queries import users
from jobs.local_queue import LocalQueue
from publishers.registry import oauth_clients
from services.api_keys import create_api_key
from services.plan_grants import grant_plan
from services.web_links import web_links
from storage.disk import Storage
from storage.local import LocalStore
from tests.jobs.queue_support import RecordingNotifier
from tests.platforms.runtime import worker_process
from tests.platforms.world import Emulators, World, publishing_world


@dataclass
class PublishingApi:
    client: httpx.AsyncClient
    world: World
    queue: LocalQueue
    sessionmaker: async_sessionmaker[AsyncSession]
    clock: FakeClock
    headers: dict[str, str]  # the creator's key
    next_telegram_id: int = 720_000

    @property
    def emulators(self) -> Emulators:
        return self.world.emulators

    async def user(self, plan: PlanCode = PlanCode.PRO) -> User:
        self.next_telegram_id += 1
        async with self.sessionmaker() as session:
            user = await users.get_or_create_user(session, self.next_telegram_id, "Dev", "en")
            if plan is not PlanCode.FREE:
                await grant_plan(session, user.id, plan, days=30, now=self.clock())
            await session.commit()
            return user

    async def key_for(self, user_id: int) -> dict[str, str]:
        async with self.sessionmaker() as session:
            made = await create_api_key(session, user_id, now=self.clock())
        return {"Authorization": f"Bearer {made.secret}"}

    async def add_account(
        self, user_id: int, platform: Platform, status: AccountStatus = AccountStatus.ACTIVE
    ) -> int:
        async with self.sessionmaker() as session:
            account = SocialAccount(
                user_id=user_id, platform=platform, external_id=f"ext-{user_id}-{status}",
                name=f"{platform.value} of {user_id}", status=status,
            )  # fmt: skip
            session.add(account)
            await session.commit()
            return account.id

    async def publications(self, user_id: int | None = None) -> list[Publication]:
        async with self.sessionmaker() as session:
            query = select(Publication).where(
                Publication.user_id == (user_id or self.world.user_id)
            )
            return list(await session.scalars(query.order_by(Publication.id)))

    async def user_row(self, user_id: int) -> User:
        async with self.sessionmaker() as session:
            user = await users.get_user(session, user_id)
            assert user is not None
            return user

    async def publish(self, project_id: int, **body: Any) -> httpx.Response:
        url = f"/api/publish/video/{project_id}"
        return await self.client.post(url, json=body, headers=self.headers)


@asynccontextmanager
async def publishing_api(folder: Path, db_url: str) -> AsyncIterator[PublishingApi]:
    """The world on `db_url` (migrated; its rows are deleted on exit) behind the API."""
    async with (
        publishing_world(folder, db_url=db_url) as world,
        worker_process(world.settings, RecordingNotifier()) as worker,
        aiohttp.ClientSession() as http,
    ):
        settings = world.settings
        root = settings.storage.root.resolve()
        clock = FakeClock()
        rest = RestDeps(
            settings=settings, queue=worker.queue, storage=Storage(root), clock=clock,
            limiter=MemoryRateLimiter(),
        )  # fmt: skip
        deps = WebDeps(
            sessionmaker=worker.sessionmaker, clients=oauth_clients(settings.publishers),
            http=http, cipher=token_cipher(settings.publishers), links=web_links(settings),
            store=LocalStore(root), scratch=folder / "api-scratch", rest=rest,
        )  # fmt: skip
        transport = httpx.ASGITransport(app=create_app(deps))
        async with httpx.AsyncClient(transport=transport, base_url=BASE, timeout=60) as client:
            api = PublishingApi(client, world, worker.queue, worker.sessionmaker, clock, {})
            async with worker.sessionmaker() as session:
                await grant_plan(session, world.user_id, PlanCode.PRO, days=30, now=clock())
                await session.commit()
            api.headers = await api.key_for(world.user_id)
            yield api
            await worker.queue.join()  # no job still writing while the rows are deleted
