"""Character variations as a job, in Russian: the press is answered at once and the job is
queued (nothing made yet), a double press queues one job, the job's pictures and menu arrive
as messages, a re-run of the finished job does nothing; with fal down the person is told to
try again later, nothing lost, and a new press queues again."""

import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from conftest import ADMIN_ID, ClientFactory
from infra.faces import grace_hopper
from pydantic import SecretStr
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.ports import StudioJobState
from core.settings import (
    BotSettings,
    ProvidersSettings,
    RenderSettings,
    Settings,
    StorageSettings,
)
from db.models import Character, CharacterVariation, UsageEntry
from db.queries import users
from jobs.queue import LocalQueue
from jobs.studio_jobs import make_variations
from pipeline.context import JobCtx
from pipeline.imagegen.hosts import configure_fal_hosts
from services import character_studio
from storage.disk import Storage
from tests.emulators.fal import FalEmulator
from tests.emulators.telegram import DEFAULT_TOKEN, BotClient
from tests.pipeline.imagegen.fal_support import fal_settings

pytestmark = [pytest.mark.timeout(120)]


@pytest.fixture
async def queue(job_ctx: JobCtx) -> AsyncIterator[LocalQueue]:
    """No io slot: a queued variations job waits, so the test sees the press answered alone
    and runs the job itself."""
    held = LocalQueue(job_ctx, io_concurrency=0)
    yield held
    await held.close()


async def _grace(db: async_sessionmaker[AsyncSession], storage: Storage, folder: Path) -> int:
    photo = Path(shutil.copy(grace_hopper(), folder / "grace.jpg"))
    async with db() as session:
        user = await users.get_or_create_user(session, 7301, "Катя", "ru")
        character = await character_studio.create_character(
            session, storage, user.id, name="Грейс", description="", photos=[photo], style="neon"
        )
        await session.commit()
        return character.id


async def _character(db: async_sessionmaker[AsyncSession], character_id: int) -> Character:
    async with db() as session:
        found = await session.get(Character, character_id)
        assert found is not None
        return found


async def _open_menu(kate: BotClient) -> None:
    await kate.command("character")
    await kate.click("⭐ 🧑 Грейс")
    await kate.click("🎭 Вариации")
    await kate.wait_for_reply(lambda m: "вариации" in (m.text or ""))


async def test_the_press_is_answered_at_once_and_the_job_sends_the_result(
    chat: ClientFactory,
    *,
    db: async_sessionmaker[AsyncSession],
    job_ctx: JobCtx,
    queue: LocalQueue,
    tmp_path: Path,
) -> None:
    character_id = await _grace(db, job_ctx["storage"], tmp_path)
    kate = chat(7301, "Катя", "ru")
    await _open_menu(kate)

    await kate.click("🔍 Крупный план")  # the handler has returned

    await kate.wait_for_reply(lambda m: "Делаю вариации" in (m.text or ""))
    assert not [m for m in kate.replies() if m.media_kind == "photo"]
    queued = await _character(db, character_id)
    assert (queued.variations_state, queued.variations_kinds) == (
        StudioJobState.QUEUED,
        ["close_up"],
    )
    assert list(queue.tasks) == [f"variations:{character_id}:1"]

    await kate.click("🔍 Крупный план")  # pressed again before the job ran
    await kate.wait_for_reply(lambda m: "уже делаются" in (m.text or ""))
    assert list(queue.tasks) == [f"variations:{character_id}:1"]
    assert (await _character(db, character_id)).variations_attempt == 1

    await make_variations(job_ctx, character_id)  # what the io slot would run

    photo = await kate.wait_for_reply(lambda m: m.media_kind == "photo")
    assert "🔍 Крупный план: сходство лица" in (photo.caption or "")
    menu = await kate.wait_for_reply(lambda m: "Готовы: 🔍 Крупный план" in (m.text or ""))
    assert "🔍 Крупный план" not in menu.button_texts
    assert (await _character(db, character_id)).variations_state is StudioJobState.READY

    sent = len(kate.replies())
    await make_variations(job_ctx, character_id)  # a re-run of the finished job
    assert len(kate.replies()) == sent
    async with db() as session:
        assert len((await session.scalars(select(CharacterVariation))).all()) == 1


@pytest.fixture
async def fal_emu() -> AsyncIterator[FalEmulator]:
    async with FalEmulator(queue_steps=1, progress_steps=1) as emulator:
        yield emulator
        emulator.assert_no_internal_errors()
    configure_fal_hosts(None)


@pytest.fixture
def settings(request: pytest.FixtureRequest, storage_root: Path) -> Settings:
    """Offline, or with fal when the test asks for the emulator."""
    providers = ProvidersSettings()
    if "fal_emu" in request.fixturenames:
        fal_emu: FalEmulator = request.getfixturevalue("fal_emu")
        providers = ProvidersSettings(images="fal", fal=fal_settings(fal_emu))
    return Settings(
        bot=BotSettings(token=SecretStr(DEFAULT_TOKEN), admin_ids=[ADMIN_ID]),
        storage=StorageSettings(root=storage_root),
        render=RenderSettings(width=360, height=640, preset="ultrafast", timeout_s=120),
        providers=providers,
    )


async def test_fal_down_is_told_and_a_new_press_queues_again(
    chat: ClientFactory,
    *,
    db: async_sessionmaker[AsyncSession],
    job_ctx: JobCtx,
    queue: LocalQueue,
    fal_emu: FalEmulator,
    tmp_path: Path,
) -> None:
    character_id = await _grace(db, job_ctx["storage"], tmp_path)
    kate = chat(7301, "Катя", "ru")
    await _open_menu(kate)
    fal_emu.faults.server_error("submit", 503, times=10)

    await kate.click("😊 Улыбка")
    await kate.wait_for_reply(lambda m: "Делаю вариации" in (m.text or ""))
    await make_variations(job_ctx, character_id)

    told = await kate.wait_for_reply(lambda m: "попробуйте позже" in (m.text or ""))
    assert "Ничего не пропало" in (told.text or "") or "ничего не пропало" in (told.text or "")
    failed = await _character(db, character_id)
    assert failed.variations_state is StudioJobState.FAILED
    assert failed.variations_error == "error-images-unavailable"
    async with db() as session:
        assert (await session.scalars(select(UsageEntry))).all() == []  # nothing billed

    await kate.click("😊 Улыбка", message=await kate.wait_for_reply(lambda m: bool(m.buttons)))
    await kate.wait_for_reply(lambda m: "Делаю вариации" in (m.text or ""))
    assert f"variations:{character_id}:2" in queue.tasks
