"""Studio jobs' progress in the chat, like a render's: one message when the job starts,
edited as it goes ("2 of 4 pictures", in Russian and English), then "done" and the result;
edits are throttled (a still clock: the start and the end only); a progress message the
user deleted fails no job; a voice match shows its real steps, a clone its upload."""

import asyncio
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiogram import Bot
from aiogram_i18n.cores import FluentRuntimeCore
from bot_media import speech_note
from conftest import ADMIN_ID, ClientFactory
from infra.faces import grace_hopper
from pydantic import SecretStr
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from test_bot_voice_cloning import PHRASES

from bot.notify import TelegramNotifier
from core.ports import StudioJobState
from core.settings import (
    BotSettings,
    ElevenLabsSettings,
    ProvidersSettings,
    RenderSettings,
    Settings,
    StorageSettings,
)
from db.models import Character
from db.queries import users
from jobs.queue import LocalQueue
from jobs.runtime import build_job_ctx
from jobs.studio_jobs import create_voice, make_variations
from pipeline.context import JobCtx
from pipeline.voices.sweep import PITCH_FACTORS, RATIOS
from services import character_studio
from storage.disk import Storage
from tests.emulators.elevenlabs import DEFAULT_KEY, ElevenLabsEmulator
from tests.emulators.telegram import DEFAULT_TOKEN, BotClient, TelegramEmulator

pytestmark = pytest.mark.timeout(180)
EN_PHRASES = (
    "Hello! My name is Olga, and I am recording my voice for my videos. The weather is fine.",
    "I speak calmly and clearly, so that the voice comes out alike. Thank you for listening.",
    "The third recording: I talk about coffee, books and walks through the evening town.",
)


@pytest.fixture
async def eleven_emu() -> AsyncIterator[ElevenLabsEmulator]:
    async with ElevenLabsEmulator(seconds_per_char=0.05) as emulator:
        yield emulator
        emulator.assert_no_internal_errors()


@pytest.fixture
def settings(request: pytest.FixtureRequest, storage_root: Path) -> Settings:
    """Offline, or cloning at ElevenLabs (10 s of speech suffice) when the test asks for
    its emulator."""
    providers = ProvidersSettings()
    if "eleven_emu" in request.fixturenames:
        eleven_emu: ElevenLabsEmulator = request.getfixturevalue("eleven_emu")
        eleven = ElevenLabsSettings(
            base_url=eleven_emu.base_url, api_key=SecretStr(DEFAULT_KEY), timeout_s=10,
            clone_min_speech_s=10,
        )  # fmt: skip
        providers = ProvidersSettings(tts="elevenlabs,espeak", elevenlabs=eleven)
    return Settings(
        bot=BotSettings(token=SecretStr(DEFAULT_TOKEN), admin_ids=[ADMIN_ID]),
        storage=StorageSettings(root=storage_root),
        render=RenderSettings(width=360, height=640, preset="ultrafast", timeout_s=120),
        providers=providers,
    )


@pytest.fixture
def notifier(
    bot: Bot, db: async_sessionmaker[AsyncSession], core: FluentRuntimeCore, settings: Settings
) -> TelegramNotifier:
    """No throttle: every report is an edit the test can see."""
    storage = Storage(settings.storage.root.resolve())
    return TelegramNotifier(bot, db, core, storage, min_interval=0.0)


@pytest.fixture
async def queue(job_ctx: JobCtx) -> AsyncIterator[LocalQueue]:
    """No io slot: the test runs the queued job itself."""
    held = LocalQueue(job_ctx, io_concurrency=0)
    yield held
    await held.close()


def progress_texts(emulator: TelegramEmulator, chat_id: int, start: str) -> list[str]:
    """The progress message's texts in order: as sent (its text holds `start`), then each
    edit of it that went through."""
    sent = next(
        r
        for r in emulator.sent(chat_id, "sendMessage", ok=True)
        if start in str(r.params.get("text"))
    )
    message_id = sent.result["message_id"]
    edits = [
        r
        for r in emulator.sent(chat_id, "editMessageText", ok=True)
        if int(r.params["message_id"]) == message_id
    ]
    return [str(sent.params["text"]), *(str(r.params["text"]) for r in edits)]


async def _character(
    db: async_sessionmaker[AsyncSession], storage: Storage, folder: Path, user: tuple[int, str]
) -> int:
    photo = Path(shutil.copy(grace_hopper(), folder / "grace.jpg"))
    async with db() as session:
        telegram_id, language = user
        owner = await users.get_or_create_user(session, telegram_id, "Kate", language)
        character = await character_studio.create_character(
            session,
            storage,
            owner.id,
            name="Grace",
            description="",
            photos=[photo],
            style="neon",
        )
        await session.commit()
        return character.id


async def _ask_for_variations(client: BotClient, *buttons: str) -> None:
    await client.command("character")
    for button in buttons:
        await client.click(button)
        await client.wait_for_reply(lambda m: bool(m.buttons))


async def test_variations_progress_counts_the_pictures_in_russian(
    *,
    chat: ClientFactory,
    emulator: TelegramEmulator,
    db: async_sessionmaker[AsyncSession],
    job_ctx: JobCtx,
    queue: LocalQueue,
    tmp_path: Path,
) -> None:
    character_id = await _character(db, job_ctx["storage"], tmp_path, (7401, "ru"))
    kate = chat(7401, "Катя", "ru")
    await _ask_for_variations(kate, "⭐ 🧑 Grace", "🎭 Вариации")
    await kate.click("✨ Сделать все недостающие")
    await kate.wait_for_reply(lambda m: "Делаю вариации" in (m.text or ""))

    await make_variations(job_ctx, character_id)  # what the io slot would run

    await kate.wait_for_reply(lambda m: "Готовы:" in (m.text or ""), timeout=90)
    texts = progress_texts(emulator, 7401, "готово 0 из 4")
    assert texts == [
        *(f"⏳ Вариации <b>Grace</b>: готово {done} из 4 картинок." for done in range(5)),
        "✅ Готово: результат ниже.",
    ]


async def test_variations_progress_in_english_survives_a_deleted_message(
    *,
    chat: ClientFactory,
    emulator: TelegramEmulator,
    db: async_sessionmaker[AsyncSession],
    job_ctx: JobCtx,
    queue: LocalQueue,
    tmp_path: Path,
) -> None:
    character_id = await _character(db, job_ctx["storage"], tmp_path, (7402, "en"))
    kate = chat(7402, "Kate", "en")
    await _ask_for_variations(kate, "⭐ 🧑 Grace", "🎭 Variations")
    await kate.click("✨ Make all missing")
    await kate.wait_for_reply(lambda m: "Making variations" in (m.text or ""))

    job = asyncio.create_task(make_variations(job_ctx, character_id))
    first = await kate.wait_for_reply(lambda m: "2 of 4 pictures" in (m.text or ""), timeout=90)
    assert first.text == "⏳ Variations of Grace: 2 of 4 pictures made."
    emulator.state.delete_message(7402, first.message_id)  # the person deletes it
    await job

    await kate.wait_for_reply(lambda m: "Made:" in (m.text or ""), timeout=90)
    refused = emulator.sent(7402, "editMessageText", ok=False)
    assert refused
    assert {r.description for r in refused} == {"Bad Request: message to edit not found"}
    async with db() as session:
        character = await session.get(Character, character_id)
        assert character is not None
        assert character.variations_state is StudioJobState.READY


async def test_variations_progress_edits_are_throttled(
    *,
    chat: ClientFactory,
    emulator: TelegramEmulator,
    bot: Bot,
    db: async_sessionmaker[AsyncSession],
    core: FluentRuntimeCore,
    settings: Settings,
    queue: LocalQueue,
    tmp_path: Path,
) -> None:
    """A clock that stands still: the start and the end are shown, no edit in between."""
    storage = Storage(settings.storage.root.resolve())
    still = TelegramNotifier(bot, db, core, storage, min_interval=2.0, clock=lambda: 100.0)
    ctx = build_job_ctx(settings, db, still)
    character_id = await _character(db, storage, tmp_path, (7403, "en"))
    kate = chat(7403, "Kate", "en")
    await _ask_for_variations(kate, "⭐ 🧑 Grace", "🎭 Variations")
    await kate.click("🔍 Close-up")
    await kate.wait_for_reply(lambda m: "Making variations" in (m.text or ""))

    await make_variations(ctx, character_id)

    await kate.wait_for_reply(lambda m: "Made:" in (m.text or ""), timeout=90)
    assert progress_texts(emulator, 7403, "0 of 1") == [
        "⏳ Variations of <b>Grace</b>: 0 of 1 picture made.",
        "✅ Done: the result is below.",
    ]


async def test_a_voice_match_shows_its_steps_in_english(
    *,
    chat: ClientFactory,
    emulator: TelegramEmulator,
    job_ctx: JobCtx,
    queue: LocalQueue,
    tmp_path: Path,
) -> None:
    olga = chat(7404, "Olga", "en")
    await olga.command("voice")
    await olga.wait_for_reply()
    await olga.click("🎤 New voice from recordings")
    for number, phrase in enumerate(EN_PHRASES):
        await olga.send_voice(await speech_note(phrase, "en", tmp_path, f"s{number}"), duration=6)
        await olga.wait_for_reply(lambda m: "Recording checked" in (m.text or ""))
    await olga.click("✅ Make the voice")
    await olga.wait_for_reply(
        lambda m: "Yes: it is my voice, or its owner agreed" in m.button_texts
    )
    await olga.click("Yes: it is my voice, or its owner agreed")
    await olga.wait_for_reply(lambda m: "How shall I call" in (m.text or ""))
    await olga.send("My voice")
    await olga.wait_for_reply(lambda m: "Making your voice" in (m.text or ""))
    request_id = int(next(iter(queue.tasks)).split(":")[1])

    await create_voice(job_ctx, request_id)

    await olga.wait_for_reply(lambda m: "is ready" in (m.text or ""), timeout=90)
    texts = progress_texts(emulator, 7404, "measuring your samples, 0 of")
    samples = len([t for t in texts if "measuring your samples" in t]) - 1
    assert texts[0] == f"⏳ Voice <b>My voice</b>: measuring your samples, 0 of {samples}."
    assert f"measuring your samples, {samples} of {samples}." in texts[samples]
    matched = [t for t in texts if "comparing stock voices with yours" in t]
    assert matched
    assert matched[-1].endswith(f", {len(matched)} of {len(matched)}.")
    tries = len(RATIOS) + len(PITCH_FACTORS)
    adjusted = [t for t in texts if "fitting pitch and timbre" in t]
    assert [t.rsplit("try ", 1)[1] for t in adjusted] == [
        f"{done} of {tries}." for done in range(1, tries + 1)
    ]
    assert texts[-1] == "✅ Done: the result is below."
    assert len(texts) == 1 + samples + len(matched) + tries + 1


async def test_a_clone_shows_its_upload_in_russian(
    *,
    chat: ClientFactory,
    emulator: TelegramEmulator,
    eleven_emu: ElevenLabsEmulator,
    job_ctx: JobCtx,
    queue: LocalQueue,
    tmp_path: Path,
) -> None:
    olga = chat(7405, "Ольга", "ru")
    await olga.command("voice")
    await olga.wait_for_reply()
    await olga.click("🎤 Новый голос по записям")
    for number, phrase in enumerate(PHRASES):
        await olga.send_voice(await speech_note(phrase, "ru", tmp_path, f"s{number}"), duration=6)
        await olga.wait_for_reply(lambda m: "Запись проверена" in (m.text or ""))
    await olga.click("✅ Сделать голос")
    consent = "Да: это мой голос, или его владелец согласен"
    await olga.wait_for_reply(lambda m: consent in m.button_texts)
    await olga.click(consent)
    await olga.wait_for_reply(lambda m: "Как назвать" in (m.text or ""))
    await olga.send("Мой клон")
    await olga.wait_for_reply(lambda m: "Делаю клон" in (m.text or ""))
    request_id = int(next(iter(queue.tasks)).split(":")[1])

    await create_voice(job_ctx, request_id)

    await olga.wait_for_reply(lambda m: "готов" in (m.text or ""), timeout=90)
    assert eleven_emu.requests.count("ivc") == 1
    texts = progress_texts(emulator, 7405, "в ElevenLabs, там делается клон")
    assert texts[0].startswith("⏳ Голос <b>Мой клон</b>: отправляю ")
    assert texts[1:] == ["✅ Готово: результат ниже."]
