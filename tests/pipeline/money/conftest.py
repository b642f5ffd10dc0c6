"""Money tests: a sessionmaker whose commits are real, the three paid emulators, settings.

A paid call's usage row is committed in a session and transaction of its own, so only a
database where commits are real can show that a stage's rollback keeps it (the savepoint
fixture nests every session inside one connection's transaction). Rows are deleted after.
"""

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from db.base import Base
from db.engine import make_sessionmaker
from pipeline.imagegen.hosts import configure_fal_hosts
from pipeline.settings import LimitsSettings, RenderSettings, Settings, StorageSettings
from tests.emulators.elevenlabs import ElevenLabsEmulator
from tests.emulators.fal import FalEmulator
from tests.emulators.openai import OpenAIEmulator
from tests.pipeline.stages.stage_support import RecordingNotifier

CEILING_USD = 1.0


@pytest.fixture
async def committing(engine: AsyncEngine) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """The production sessionmaker on the worker's test database; every row goes after."""
    yield make_sessionmaker(engine)
    async with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            await connection.execute(table.delete())


@pytest.fixture
def settings(storage_root: Path) -> Settings:
    return Settings(
        storage=StorageSettings(root=storage_root),
        render=RenderSettings(width=360, height=640, preset="ultrafast", timeout_s=120),
        limits=LimitsSettings(daily_spend_usd=CEILING_USD),
    )


@pytest.fixture
def notifier() -> RecordingNotifier:
    return RecordingNotifier()


@pytest.fixture
async def eleven() -> AsyncIterator[ElevenLabsEmulator]:
    async with ElevenLabsEmulator(seconds_per_char=0.05) as emulator:
        yield emulator
        emulator.assert_no_internal_errors()


@pytest.fixture
async def openai_emu() -> AsyncIterator[OpenAIEmulator]:
    async with OpenAIEmulator() as emulator:
        yield emulator
        emulator.assert_no_internal_errors()


@pytest.fixture
async def fal() -> AsyncIterator[FalEmulator]:
    async with FalEmulator(queue_steps=1, progress_steps=1) as emulator:
        yield emulator
        emulator.assert_no_internal_errors()


@pytest.fixture(autouse=True)
def fal_default_hosts() -> Iterator[None]:
    yield
    configure_fal_hosts(None)
