"""Bot tests: the production `build_dispatcher` and a real Bot on the Telegram emulator, a
dedicated migrated PostgreSQL database, and tiny real renders run in-process by LocalQueue."""

import asyncio
import os
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
from aiogram import Bot, Dispatcher
from aiogram_i18n.cores import FluentRuntimeCore
from infra.databases import RUN_ID, drop_database, recreate_database
from pydantic import SecretStr
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.dispatcher import bot_properties, build_dispatcher
from bot.i18n import make_core
from bot.middlewares.throttling import ThrottlingMiddleware
from bot.notify import TelegramNotifier
from bot.publishing_kit import PublishingKit, publishing_kit
from core.publisher_settings import PublishersSettings
from core.settings import BotSettings, RenderSettings, Settings, StorageSettings
from db.base import Base
from db.engine import make_engine, make_sessionmaker
from db.migrate import upgrade_head
from jobs.queue import LocalQueue
from jobs.runtime import build_job_ctx
from pipeline.context import JobCtx
from storage.disk import Storage
from tests.emulators.telegram import DEFAULT_TOKEN, BotClient, EmuUser, TelegramEmulator

ADMIN_ID = 9001
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")


@pytest.fixture(scope="session")
async def bot_db_url(pg_server_url: str) -> AsyncIterator[str]:
    """A database of its own: bot handlers, jobs and the notifier use separate sessions
    at once, as in production, so the savepoint-per-test fixture cannot host them. Named
    per run, so two runs against one server never drop each other's database."""
    name = f"test_bot_{RUN_ID}_{WORKER}"
    url = await recreate_database(pg_server_url, name)
    await asyncio.to_thread(upgrade_head, url)
    yield url
    await drop_database(pg_server_url, name)


@pytest.fixture(scope="session")
async def bot_engine(bot_db_url: str) -> AsyncIterator[AsyncEngine]:
    engine = make_engine(bot_db_url)
    yield engine
    await engine.dispose()


@pytest.fixture
async def db(bot_engine: AsyncEngine) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """The production sessionmaker; every row is deleted after the test."""
    yield make_sessionmaker(bot_engine)
    async with bot_engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            await connection.execute(table.delete())


@pytest.fixture
def settings(storage_root: Path) -> Settings:
    return Settings(
        bot=BotSettings(token=SecretStr(DEFAULT_TOKEN), admin_ids=[ADMIN_ID]),
        storage=StorageSettings(root=storage_root),
        render=RenderSettings(width=360, height=640, preset="ultrafast", timeout_s=120),
        # The web app's signing key and the token key are kept here, not in ./data.
        publishers=PublishersSettings(secrets_dir=storage_root.parent / "secrets"),
    )


@pytest.fixture
def publishing(settings: Settings, db: async_sessionmaker[AsyncSession]) -> PublishingKit:
    """The publishing handlers' kit: no OAuth app configured (a test that connects
    accounts overrides this with its clients)."""
    return publishing_kit(settings, sessionmaker=db)


@pytest.fixture
async def emulator() -> AsyncIterator[TelegramEmulator]:
    async with TelegramEmulator() as emu:
        yield emu
        emu.assert_no_internal_errors()


@pytest.fixture
async def bot(emulator: TelegramEmulator) -> AsyncIterator[Bot]:
    async with emulator.create_bot(default=bot_properties()) as real_bot:
        yield real_bot


@pytest.fixture(scope="session")
async def core() -> FluentRuntimeCore:
    loaded = make_core()
    await loaded.startup()
    return loaded


@pytest.fixture
def notifier(
    bot: Bot, db: async_sessionmaker[AsyncSession], core: FluentRuntimeCore, settings: Settings
) -> TelegramNotifier:
    return TelegramNotifier(bot, db, core, Storage(settings.storage.root.resolve()))


@pytest.fixture
def job_ctx(
    settings: Settings, db: async_sessionmaker[AsyncSession], notifier: TelegramNotifier
) -> JobCtx:
    return build_job_ctx(settings, db, notifier)


@pytest.fixture
async def queue(job_ctx: JobCtx) -> AsyncIterator[LocalQueue]:
    local = LocalQueue(job_ctx)
    yield local
    await local.close()


class HumanPace:
    """A clock for the throttle that moves a second per update: tests act at machine speed,
    people do not (the flood test uses the real clock)."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        self.now += 1.0
        return self.now


@pytest.fixture
def throttling() -> ThrottlingMiddleware:
    return ThrottlingMiddleware(clock=HumanPace())


@pytest.fixture
async def dispatcher(
    *,
    settings: Settings,
    db: async_sessionmaker[AsyncSession],
    job_ctx: JobCtx,
    queue: LocalQueue,
    bot: Bot,
    throttling: ThrottlingMiddleware,
    publishing: PublishingKit,
) -> AsyncIterator[Dispatcher]:
    """Built as `python -m bot` builds it (the throttle's clock injected); start-up runs as
    polling would run it."""
    built = build_dispatcher(
        settings=settings,
        sessionmaker=db,
        file_storage=job_ctx["storage"],
        queue=queue,
        throttling=throttling,
        publishing=publishing,
    )
    workflow = {"dispatcher": built, "bots": [bot], **built.workflow_data}
    await built.emit_startup(bot=bot, **workflow)
    yield built
    await built.emit_shutdown(bot=bot, **workflow)
    await built.fsm.storage.close()


ClientFactory = Callable[..., BotClient]


@pytest.fixture
def chat(emulator: TelegramEmulator, dispatcher: Dispatcher, bot: Bot) -> ClientFactory:
    """`chat(user_id, name, language_code)`: a person feeding updates straight to the
    dispatcher (the handlers are done when `send`/`click` return)."""

    def make(user_id: int, name: str = "Alice", language: str | None = "en") -> BotClient:
        user = emulator.add_user(user_id, name, language_code=language)
        return BotClient(emulator, user, dispatcher=dispatcher, bot=bot, timeout=20)

    return make


def person(emulator: TelegramEmulator, user_id: int) -> EmuUser:
    return emulator.state.users[user_id]
