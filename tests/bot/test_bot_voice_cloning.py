"""Voice Studio with ElevenLabs configured, in Russian: the bot says it will make a clone,
uploads the samples after consent, tests and tunes the clone at ElevenLabs, and deletes it
there too; ElevenLabs down on delete is an alert in the user's language, nothing lost."""

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from bot_media import speech_note
from conftest import ADMIN_ID, ClientFactory
from pydantic import SecretStr
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.settings import (
    BotSettings,
    ElevenLabsSettings,
    ProvidersSettings,
    RenderSettings,
    Settings,
    StorageSettings,
)
from db.models import Voice, VoiceEngine
from tests.emulators.elevenlabs import DEFAULT_KEY, ElevenLabsEmulator
from tests.emulators.telegram import DEFAULT_TOKEN, BotClient

pytestmark = pytest.mark.timeout(180)

PHRASES = (
    "Привет! Меня зовут Ольга, я записываю голос для своих роликов. Сегодня хорошая погода.",
    "Я говорю спокойно и чётко, чтобы голос получился похожим. Спасибо, что слушаете меня.",
    "Третья запись: рассказываю о кофе, книгах и прогулках по вечернему городу.",
)


@pytest.fixture
async def eleven_emu() -> AsyncIterator[ElevenLabsEmulator]:
    async with ElevenLabsEmulator(seconds_per_char=0.05) as emulator:
        yield emulator
        emulator.assert_no_internal_errors()


@pytest.fixture
def settings(storage_root: Path, eleven_emu: ElevenLabsEmulator) -> Settings:
    """The bot's settings with ElevenLabs first in the speech chain (10 s of speech suffice,
    so three short voice notes make a clone)."""
    eleven = ElevenLabsSettings(
        base_url=eleven_emu.base_url,
        api_key=SecretStr(DEFAULT_KEY),
        timeout_s=10,
        clone_min_speech_s=10,
    )
    return Settings(
        bot=BotSettings(token=SecretStr(DEFAULT_TOKEN), admin_ids=[ADMIN_ID]),
        storage=StorageSettings(root=storage_root),
        render=RenderSettings(width=360, height=640, preset="ultrafast", timeout_s=120),
        providers=ProvidersSettings(tts="elevenlabs,espeak", elevenlabs=eleven),
    )


async def record_clone(olga: BotClient, tmp_path: Path) -> None:
    """The studio says "clone" up front; samples, consent (with the upload named), a name."""
    await olga.command("voice")
    await olga.wait_for_reply()
    await olga.click("🎤 Новый голос по записям")
    prompt = await olga.wait_for_reply(lambda m: "Пришлите голосовые" in (m.text or ""))
    assert "клон вашего голоса в ElevenLabs" in (prompt.text or "")
    assert "не меньше 10 с" in (prompt.text or "")
    for number, phrase in enumerate(PHRASES):
        await olga.send_voice(await speech_note(phrase, "ru", tmp_path, f"s{number}"), duration=6)
        await olga.wait_for_reply(lambda m: "Запись проверена" in (m.text or ""))
    await olga.click("✅ Сделать голос")
    consent = await olga.wait_for_reply(lambda m: "это ваш голос" in (m.text or ""))
    assert "будут загружены в ElevenLabs" in (consent.text or "")
    await olga.click("Да: это мой голос, или его владелец согласен")
    await olga.wait_for_reply(lambda m: "Как назвать" in (m.text or ""))
    await olga.send("Мой клон")
    # The voice is made by a job (the offline match sweeps pitch and formants): on a loaded
    # machine that takes longer than a reply to a message.
    created = await olga.wait_for_reply(lambda m: "готов" in (m.text or ""), timeout=90)
    assert "клон в ElevenLabs по вашим записям" in (created.text or "")


async def test_clone_is_made_tested_tuned_and_deleted_at_elevenlabs(
    *,
    chat: ClientFactory,
    eleven_emu: ElevenLabsEmulator,
    db: async_sessionmaker[AsyncSession],
    tmp_path: Path,
) -> None:
    olga = chat(6101, "Ольга", "ru")
    await record_clone(olga, tmp_path)
    async with db() as session:
        voice = (await session.scalars(select(Voice))).one()
    assert voice.engine is VoiceEngine.ELEVENLABS
    provider_id = str(voice.provider_voice_id)
    assert eleven_emu.requests.count("ivc") == 1
    assert len(eleven_emu.requests.last("ivc").file_sizes("files")) == len(PHRASES)

    await olga.click("▶️ Проверить на фразе")
    await olga.wait_for_reply(lambda m: "Пришлите фразу" in (m.text or ""))
    await olga.send("Это проверка моего клонированного голоса на короткой фразе.")
    await olga.wait_for_reply(lambda m: m.media_kind == "voice")
    assert eleven_emu.requests.last("tts_timestamps").notes["voice_id"] == provider_id

    await olga.click("⚙️ Настройки")
    card = await olga.wait_for_reply(lambda m: "Клон вашего голоса" in (m.text or ""))
    assert "Высота" not in (card.text or "")  # a clone has no pitch
    await olga.click("− стабильность")
    await olga.wait_for_reply(lambda m: "Стабильность: 0.40" in (m.text or ""))
    assert eleven_emu.voices[provider_id].settings["stability"] == 0.4

    await olga.click("⬅️ Назад")
    await olga.click("🗑 Удалить")
    await olga.wait_for_reply(lambda m: "Удалить голос" in (m.text or ""))
    eleven_emu.faults.server_error("delete_voice", 503, times=3)  # the SDK retries twice
    refused = await olga.wait_for_answer(await olga.click("🗑 Да, удалить голос и записи"))
    assert refused.show_alert
    assert (refused.answer_text or "").startswith("ElevenLabs сейчас недоступен")
    async with db() as session:
        assert (await session.scalars(select(Voice))).one().id == voice.id

    await olga.click("🗑 Да, удалить голос и записи")
    await olga.wait_for_reply(lambda m: "удалён, в ElevenLabs тоже" in (m.text or ""))
    assert provider_id not in eleven_emu.voices
    async with db() as session:
        assert (await session.scalars(select(Voice))).all() == []
