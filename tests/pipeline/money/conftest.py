"""Money tests: the three paid emulators and settings. They use `committing` (tests/conftest):
a paid call's usage row is committed in a session and transaction of its own, so only a
database where commits are real can show that a stage's rollback keeps it."""

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from core.settings import LimitsSettings, RenderSettings, Settings, StorageSettings
from pipeline.imagegen.hosts import configure_fal_hosts
from tests.emulators.elevenlabs import ElevenLabsEmulator
from tests.emulators.fal import FalEmulator
from tests.emulators.openai import OpenAIEmulator
from tests.pipeline.stages.stage_support import RecordingNotifier

CEILING_USD = 1.0


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
