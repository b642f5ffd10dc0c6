"""Embedded mode shares one SQLite file between the jobs and the bot's conversation state.
SQLite lets one writer in at a time, from its first write to its commit, so a stage that
writes before slow work (drawing, a transcription, a progress edit) locks every
conversation out: "database is locked". Here, at every progress report of every stage,
the conversation storage writes to the same file and must get in at once."""

import asyncio
from collections.abc import AsyncIterator, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from aiogram.fsm.storage.base import StorageKey
from sqlalchemy import event
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.fsm_storage import DatabaseStorage
from core.enums import ProjectStatus
from core.ports import StageProgress
from core.settings import ProvidersSettings, RenderSettings, Settings, StorageSettings
from db.engine import make_engine, make_sessionmaker
from db.migrate import upgrade_head
from db.models import Project
from jobs.runtime import build_job_ctx
from pipeline.context import JobCtx
from pipeline.imagegen.hosts import configure_fal_hosts
from pipeline.produce import produce_short
from pipeline.speech.base import VoiceParams
from pipeline.speech.espeak import EspeakSynth
from services.projects import ProjectRequest
from tests.emulators.fal import FalEmulator, JobScript
from tests.pipeline.imagegen.fal_support import fal_settings
from tests.pipeline.stages.stage_support import queue_project
from tests.pipeline.transcribe.transcribe_samples import reencode

pytestmark = [pytest.mark.render, pytest.mark.timeout(180)]

WAIT_MS = 200  # the conversation's writer gives up this fast (the app's engine waits 5 s)


class ConversationWriter:
    """The job's notifier: on every report the user's conversation state is written, as
    the bot writes it while the user chats during the production."""

    def __init__(self, storage: DatabaseStorage) -> None:
        self.storage = storage
        self.key = StorageKey(bot_id=1, chat_id=7, user_id=7)
        self.written: list[str] = []
        self.locked: list[str] = []

    async def progress(self, update: StageProgress) -> None:
        where = f"{update.stage.value}@{update.stage_fraction:.2f}"
        try:
            await self.storage.set_data(self.key, {"seen": where})
        except OperationalError as error:
            self.locked.append(f"{where}: {error.orig}")
        else:
            self.written.append(where)

    async def finished(self, project_id: int) -> None:
        del project_id

    async def failed(self, project_id: int, key: str, params: Mapping[str, Any]) -> None:
        raise AssertionError(f"project {project_id} failed: {key} {params}")


@pytest.fixture
async def sqlite_file(sqlite_url: str) -> AsyncIterator[AsyncEngine]:
    await asyncio.to_thread(upgrade_head, sqlite_url)
    engine = make_engine(sqlite_url)
    yield engine
    await engine.dispose()


@pytest.fixture
async def conversation(sqlite_url: str) -> AsyncIterator[ConversationWriter]:
    """The bot's DatabaseStorage on the same file, through an engine that waits only
    WAIT_MS for the lock (so a held lock shows at once, not after the app's 5 s)."""
    engine = make_engine(sqlite_url)

    @event.listens_for(engine.sync_engine, "connect")
    def _short_wait(connection: Any, _record: Any) -> None:
        connection.execute(f"PRAGMA busy_timeout={WAIT_MS}")

    yield ConversationWriter(DatabaseStorage(make_sessionmaker(engine)))
    await engine.dispose()


@pytest.fixture
def fal_default_hosts() -> Iterator[None]:
    yield
    configure_fal_hosts(None)


def job_ctx(
    engine: AsyncEngine, root: Path, writer: ConversationWriter, providers: ProvidersSettings
) -> JobCtx:
    settings = Settings(
        storage=StorageSettings(root=root),
        render=RenderSettings(width=360, height=640, preset="ultrafast", timeout_s=120),
        providers=providers,
    )
    sessionmaker: async_sessionmaker[AsyncSession] = make_sessionmaker(engine)
    return build_job_ctx(settings, sessionmaker, writer)


async def produce(ctx: JobCtx, request: ProjectRequest) -> None:
    project_id = await queue_project(ctx, request)
    await produce_short(ctx, project_id)
    async with ctx["sessionmaker"]() as session:
        project = await session.get(Project, project_id)
    assert project is not None
    assert project.status is ProjectStatus.DONE, project.error


@pytest.mark.usefixtures("fal_default_hosts")
async def test_conversations_are_written_while_fal_scenes_fall_back_to_drawing(
    sqlite_file: AsyncEngine, conversation: ConversationWriter, storage_root: Path
) -> None:
    async with FalEmulator(queue_steps=1, progress_steps=1) as fal:
        ok = JobScript(queue_steps=1, progress_steps=1)
        fal.script_next(ok, JobScript(queue_steps=1, progress_steps=1, error="GPU gone"))
        providers = ProvidersSettings(images="fal,offline", fal=fal_settings(fal, concurrency=1))
        ctx = job_ctx(sqlite_file, storage_root, conversation, providers)
        await produce(ctx, ProjectRequest(topic="Tea", language="en", duration=12))
    assert conversation.locked == []
    assert sum(w.startswith("visuals") for w in conversation.written) >= 3


async def test_conversations_are_written_while_a_voiceover_is_transcribed(
    sqlite_file: AsyncEngine, conversation: ConversationWriter, storage_root: Path
) -> None:
    spoken = await EspeakSynth().synthesize(
        "Tea was first brewed in China. Today people drink it everywhere.",
        "en",
        VoiceParams(),
        storage_root.parent / "take.wav",
    )
    voiceover = reencode(spoken.wav, storage_root.parent / "take.ogg")
    ctx = job_ctx(sqlite_file, storage_root, conversation, ProvidersSettings())
    await produce(ctx, ProjectRequest(topic="Tea", language="en", voiceover=voiceover))
    assert conversation.locked == []
    assert any(w.startswith("script") for w in conversation.written)
