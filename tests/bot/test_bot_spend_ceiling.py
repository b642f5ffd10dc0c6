"""The daily spend ceiling in the bot, in Russian: with today's spending at the ceiling, a
clone's test phrase, a new clone and "make all variations" are refused before ElevenLabs or
fal hears of them, and the user reads how much was spent, the ceiling and when it resets."""

import shutil
from collections.abc import AsyncIterator
from decimal import Decimal
from pathlib import Path

import pytest
from bot_media import speech_note
from conftest import ADMIN_ID, ClientFactory
from infra.faces import grace_hopper
from pydantic import SecretStr
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from test_bot_voice_cloning import PHRASES, record_clone

from core.enums import UsageUnit
from core.settings import (
    BotSettings,
    ElevenLabsSettings,
    ProvidersSettings,
    RenderSettings,
    Settings,
    StorageSettings,
)
from db.queries import usage, users
from pipeline.context import JobCtx
from pipeline.imagegen.hosts import configure_fal_hosts
from services import character_studio
from tests.emulators.elevenlabs import DEFAULT_KEY, ElevenLabsEmulator
from tests.emulators.fal import FalEmulator
from tests.emulators.telegram import DEFAULT_TOKEN, BotClient
from tests.pipeline.imagegen.fal_support import fal_settings

pytestmark = pytest.mark.timeout(120)

REFUSED = "Дневной лимит на платные сервисы исчерпан: потрачено $5,00 из $5,00"


@pytest.fixture
async def eleven_emu() -> AsyncIterator[ElevenLabsEmulator]:
    async with ElevenLabsEmulator(seconds_per_char=0.05) as emulator:
        yield emulator
        emulator.assert_no_internal_errors()


@pytest.fixture
async def fal_emu() -> AsyncIterator[FalEmulator]:
    async with FalEmulator(queue_steps=1, progress_steps=1) as emulator:
        yield emulator
        emulator.assert_no_internal_errors()
    configure_fal_hosts(None)


@pytest.fixture
def settings(storage_root: Path, eleven_emu: ElevenLabsEmulator, fal_emu: FalEmulator) -> Settings:
    """ElevenLabs and fal configured; the default ceiling of $5 a day."""
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
        providers=ProvidersSettings(
            tts="elevenlabs,espeak", elevenlabs=eleven, images="fal", fal=fal_settings(fal_emu)
        ),
    )


async def spent_today(db: async_sessionmaker[AsyncSession], telegram_id: int, usd: str) -> None:
    async with db() as session:
        user = await users.get_user_by_telegram_id(session, telegram_id)
        assert user is not None
        await usage.add_usage(
            session, user.id, provider="fal", unit=UsageUnit.IMAGES, quantity=125,
            cost_usd=Decimal(usd),
        )  # fmt: skip
        await session.commit()


def resets_in_words(text: str) -> bool:
    return "Лимит обнулится в 00:00 UTC, через" in text and " мин." in text


async def test_a_clone_test_phrase_over_the_ceiling_is_refused(
    *,
    chat: ClientFactory,
    eleven_emu: ElevenLabsEmulator,
    db: async_sessionmaker[AsyncSession],
    tmp_path: Path,
) -> None:
    olga = chat(6201, "Ольга", "ru")
    await record_clone(olga, tmp_path)
    await spent_today(db, 6201, "5.00")

    await olga.click("▶️ Проверить на фразе")
    await olga.wait_for_reply(lambda m: "Пришлите фразу" in (m.text or ""))
    await olga.send("Это проверка моего клонированного голоса.")

    refused = await olga.wait_for_reply(lambda m: REFUSED in (m.text or ""))
    assert resets_in_words(refused.text or "")
    assert eleven_emu.requests.count("tts_timestamps") == 0


async def test_a_new_clone_over_the_ceiling_is_not_uploaded(
    *,
    chat: ClientFactory,
    eleven_emu: ElevenLabsEmulator,
    db: async_sessionmaker[AsyncSession],
    tmp_path: Path,
) -> None:
    ivan = chat(6202, "Иван", "ru")
    await ivan.command("voice")
    await ivan.wait_for_reply()
    await ivan.click("🎤 Новый голос по записям")
    await ivan.wait_for_reply(lambda m: "Пришлите голосовые" in (m.text or ""))
    for number, phrase in enumerate(PHRASES):
        await ivan.send_voice(await speech_note(phrase, "ru", tmp_path, f"s{number}"), duration=6)
        await ivan.wait_for_reply(lambda m: "Запись проверена" in (m.text or ""))
    await spent_today(db, 6202, "5.00")
    await ivan.click("✅ Сделать голос")
    await ivan.wait_for_reply(lambda m: "это ваш голос" in (m.text or ""))
    await ivan.click("Да: это мой голос, или его владелец согласен")
    await ivan.wait_for_reply(lambda m: "Как назвать" in (m.text or ""))
    await ivan.send("Мой клон")

    refused = await ivan.wait_for_reply(lambda m: REFUSED in (m.text or ""))
    assert resets_in_words(refused.text or "")
    assert eleven_emu.requests.count("ivc") == 0


async def test_make_all_variations_over_the_ceiling_is_refused(
    *,
    chat: ClientFactory,
    job_ctx: JobCtx,
    fal_emu: FalEmulator,
    db: async_sessionmaker[AsyncSession],
    tmp_path: Path,
) -> None:
    photo = Path(shutil.copy(grace_hopper(), tmp_path / "grace.jpg"))
    async with db() as session:
        user = await users.get_or_create_user(session, 6203, "Катя", "ru")
        await character_studio.create_character(
            session, job_ctx["storage"], user.id, name="Грейс", description="", photos=[photo],
            style="neon",
        )  # fmt: skip
        await session.commit()
    await spent_today(db, 6203, "5.00")
    kate: BotClient = chat(6203, "Катя", "ru")
    await kate.command("character")
    await kate.click("⭐ 🧑 Грейс")
    await kate.click("🎭 Вариации")
    await kate.wait_for_reply(lambda m: "✨ Сделать все недостающие" in m.button_texts)

    answer = await kate.wait_for_answer(await kate.click("✨ Сделать все недостающие"))

    assert answer.show_alert
    assert REFUSED in (answer.answer_text or "")
    assert len(fal_emu.requests) == 0  # no upload, no picture
