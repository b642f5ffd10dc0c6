"""The web app on a real uvicorn (a free port on 127.0.0.1) over a migrated SQLite file,
with the OAuth2 emulator standing for a platform and a recording account notifier."""

import asyncio
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiohttp
import uvicorn
from cryptography.fernet import Fernet
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.app import create_app
from api.deps import WebDeps
from core.enums import Platform
from core.ports import AccountEvent, FileStore
from core.signing import Signer
from core.token_cipher import TokenCipher
from db.engine import make_engine, make_sessionmaker
from db.migrate import upgrade_head
from db.models import User
from db.queries import users
from services.web_links import WebLinks
from storage.local import LocalStore
from tests.emulators.oauth2 import EmulatorOAuthClient, OAuth2Emulator

PLATFORM = Platform.YOUTUBE  # the emulator stands for it


@dataclass
class FakeClock:
    now: datetime = field(default_factory=lambda: datetime.now(UTC))

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


class RecordingAccountNotifier:
    def __init__(self) -> None:
        self.events: list[AccountEvent] = []

    async def account(self, event: AccountEvent) -> None:
        self.events.append(event)


@dataclass
class WebHarness:
    url: str
    sessionmaker: async_sessionmaker[AsyncSession]
    links: WebLinks
    cipher: TokenCipher
    platform: OAuth2Emulator
    clock: FakeClock
    notifier: RecordingAccountNotifier
    store: FileStore
    db_url: str

    async def add_user(self, telegram_id: int, language: str = "en") -> User:
        async with self.sessionmaker() as session:
            user = await users.get_or_create_user(session, telegram_id, "Person", language)
            await session.commit()
            return user


def free_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


@asynccontextmanager
async def running_web_app(
    tmp_path: Path, store: FileStore | None = None
) -> AsyncIterator[WebHarness]:
    db_url = f"sqlite+aiosqlite:///{tmp_path / 'web.db'}"
    await asyncio.to_thread(upgrade_head, db_url)
    engine = make_engine(db_url)
    sock = free_socket()
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    clock = FakeClock()
    links = WebLinks(url, Signer(b"test-web-key", clock), state_ttl_s=900, media_ttl_s=600)
    store = store or LocalStore(tmp_path / "store")
    try:
        async with OAuth2Emulator() as platform, aiohttp.ClientSession() as http:
            harness = WebHarness(
                url=url,
                sessionmaker=make_sessionmaker(engine),
                links=links,
                cipher=TokenCipher([Fernet.generate_key().decode()]),
                platform=platform,
                clock=clock,
                notifier=RecordingAccountNotifier(),
                store=store,
                db_url=db_url,
            )
            deps = WebDeps(
                sessionmaker=harness.sessionmaker,
                clients={PLATFORM: EmulatorOAuthClient(platform.base_url)},
                http=http,
                cipher=harness.cipher,
                links=links,
                store=store,
                scratch=tmp_path / "scratch",
                notifier=harness.notifier,
            )
            config = uvicorn.Config(create_app(deps), log_config=None, access_log=False)
            server = uvicorn.Server(config)
            task = asyncio.create_task(server.serve(sockets=[sock]))
            while not server.started:  # noqa: ASYNC110 (uvicorn offers a flag, no event)
                await asyncio.sleep(0.01)
            try:
                yield harness
            finally:
                server.should_exit = True
                await task
    finally:
        sock.close()
        await engine.dispose()
