"""A voice clone as a job, in Russian, with ElevenLabs: the name is answered at once (the job
only queued, nothing uploaded); ElevenLabs down: the job tells the person to try again later,
nothing lost (samples kept, nothing billed); a new request's job sends the clone's card, and
a re-run of it uploads and books nothing again."""

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from bot_media import speech_note
from conftest import ClientFactory
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from test_bot_voice_cloning import PHRASES, settings

from core.ports import StudioJobState
from db.models import UsageEntry, Voice, VoiceEngine, VoiceRequest, VoiceSample
from jobs.queue import LocalQueue
from jobs.studio_jobs import create_voice
from pipeline.context import JobCtx
from tests.emulators.elevenlabs import ElevenLabsEmulator
from tests.emulators.telegram import BotClient

pytestmark = pytest.mark.timeout(120)
__all__ = ["settings"]  # ElevenLabs first in the speech chain, 10 s of speech for a clone


@pytest.fixture
async def eleven_emu() -> AsyncIterator[ElevenLabsEmulator]:
    async with ElevenLabsEmulator(seconds_per_char=0.05) as emulator:
        yield emulator
        emulator.assert_no_internal_errors()


@pytest.fixture
async def queue(job_ctx: JobCtx) -> AsyncIterator[LocalQueue]:
    """No io slot: the queued job waits, so the test sees the name answered alone."""
    held = LocalQueue(job_ctx, io_concurrency=0)
    yield held
    await held.close()


async def _ask_for_a_clone(olga: BotClient) -> None:
    await olga.click("✅ Сделать голос")
    await olga.wait_for_reply(lambda m: "это ваш голос" in (m.text or ""))
    await olga.click("Да: это мой голос, или его владелец согласен")
    await olga.wait_for_reply(lambda m: "Как назвать" in (m.text or ""))
    await olga.send("Мой клон")  # the handler has returned
    await olga.wait_for_reply(lambda m: "Делаю клон" in (m.text or ""))


async def _requests(db: async_sessionmaker[AsyncSession]) -> list[VoiceRequest]:
    async with db() as session:
        return list((await session.scalars(select(VoiceRequest).order_by(VoiceRequest.id))).all())


async def test_a_clone_job_tells_a_failure_then_sends_the_card_once(
    *,
    chat: ClientFactory,
    eleven_emu: ElevenLabsEmulator,
    db: async_sessionmaker[AsyncSession],
    job_ctx: JobCtx,
    queue: LocalQueue,
    tmp_path: Path,
) -> None:
    olga = chat(6111, "Ольга", "ru")
    await olga.command("voice")
    await olga.click("🎤 Новый голос по записям")
    for number, phrase in enumerate(PHRASES):
        await olga.send_voice(await speech_note(phrase, "ru", tmp_path, f"s{number}"), duration=6)
        await olga.wait_for_reply(lambda m: "Запись проверена" in (m.text or ""))

    await _ask_for_a_clone(olga)
    first = (await _requests(db))[0]
    assert first.state is StudioJobState.QUEUED
    assert list(queue.tasks) == [f"voice:{first.id}"]
    assert eleven_emu.requests.count("ivc") == 0  # nothing uploaded in the update

    eleven_emu.faults.server_error("ivc", 503)
    await create_voice(job_ctx, first.id)  # what the io slot would run
    told = await olga.wait_for_reply(lambda m: "попробуйте позже" in (m.text or ""))
    assert "ничего не пропало" in (told.text or "")
    async with db() as session:
        assert (await session.scalars(select(Voice))).all() == []
        assert len((await session.scalars(select(VoiceSample))).all()) == len(PHRASES)
        assert (await session.scalars(select(UsageEntry))).all() == []
    assert (await _requests(db))[0].state is StudioJobState.FAILED

    await olga.command("voice")
    await olga.click("🎤 Новый голос по записям")
    await olga.wait_for_reply(lambda m: "✅ Сделать голос" in m.button_texts)
    await _ask_for_a_clone(olga)
    second = (await _requests(db))[1]
    await create_voice(job_ctx, second.id)

    card = await olga.wait_for_reply(lambda m: "готов" in (m.text or ""))
    assert "клон в ElevenLabs по вашим записям" in (card.text or "")
    assert "▶️ Проверить на фразе" in card.button_texts
    uploads = eleven_emu.requests.count("ivc")
    await create_voice(job_ctx, second.id)  # a re-run of the finished request
    assert eleven_emu.requests.count("ivc") == uploads
    async with db() as session:
        made = (await session.scalars(select(Voice))).one()
        assert made.engine is VoiceEngine.ELEVENLABS
        assert len((await session.scalars(select(UsageEntry))).all()) == 1
    assert (await _requests(db))[1].voice_id == made.id
