"""Voice Studio end to end: samples scored, consent, a matched stock voice (said honestly),
a test phrase, settings, default, its use in a Short, and deletion with the samples."""

from pathlib import Path

import pytest
from bot_flows import wait_preview
from bot_media import speech_note
from conftest import ClientFactory
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.settings import Settings
from db.models import Project, Voice, VoiceSample
from jobs.queue import LocalQueue
from tests.emulators.telegram import BotClient, TelegramEmulator

pytestmark = [pytest.mark.render, pytest.mark.timeout(240)]

PHRASES = (
    "Привет! Меня зовут Ольга, я записываю голос для своих роликов. Сегодня хорошая погода.",
    "Я говорю спокойно и чётко, чтобы голос получился похожим. Спасибо, что слушаете меня.",
    "Третья запись: рассказываю о кофе, книгах и прогулках по вечернему городу.",
)


async def record_voice(olga: BotClient, tmp_path: Path) -> None:
    """Three spoken samples (Create pressed too early once), consent, a name."""
    await olga.command("voice")
    studio = await olga.wait_for_reply()
    assert "Сделайте свой голос" in (studio.text or "")
    await olga.click("🎤 Новый голос по записям")
    await olga.wait_for_reply(lambda m: "Пришлите голосовые" in (m.text or ""))
    for number, phrase in enumerate(PHRASES):
        if number == len(PHRASES) - 1:  # too little speech yet: the bot says how much more
            await olga.click("✅ Сделать голос")
            await olga.wait_for_reply(lambda m: "Нужно ещё около" in (m.text or ""))
        await olga.send_voice(await speech_note(phrase, "ru", tmp_path, f"s{number}"), duration=6)
        scored = await olga.wait_for_reply(lambda m: "Запись проверена" in (m.text or ""))
        assert "качество" in (scored.text or "")
    assert "Хватает, чтобы сделать голос" in (scored.text or "")

    await olga.click("✅ Сделать голос")
    await olga.wait_for_reply(lambda m: "это ваш голос" in (m.text or ""))
    await olga.send("Мой голос")
    assert (await olga.wait_for_reply()).text == "Пожалуйста, выберите одну из кнопок выше."
    await olga.click("Да: это мой голос, или его владелец согласен")
    await olga.wait_for_reply(lambda m: "Как назвать" in (m.text or ""))
    await olga.send("Мой голос")
    # The voice is made by a job (the offline match sweeps pitch and formants): on a loaded
    # machine that takes longer than a reply to a message.
    created = await olga.wait_for_reply(lambda m: "готов" in (m.text or ""), timeout=90)
    assert "а не ваша копия" in (created.text or "")  # offline: a matched stock voice
    assert "⭐ Сделать основным" not in created.button_texts  # the first voice is the default


async def test_voice_from_samples_to_a_short_and_deletion(
    *,
    chat: ClientFactory,
    emulator: TelegramEmulator,
    queue: LocalQueue,
    db: async_sessionmaker[AsyncSession],
    settings: Settings,
    tmp_path: Path,
) -> None:
    olga = chat(6001, "Ольга", "ru")
    await record_voice(olga, tmp_path)
    await olga.click("▶️ Проверить на фразе")
    await olga.wait_for_reply(lambda m: "Пришлите фразу" in (m.text or ""))
    await olga.send("Это проверка моего голоса.")
    note = await olga.wait_for_reply(lambda m: m.media_kind == "voice")
    assert emulator.file_of(note).data[:4] == b"OggS"

    await olga.click("⚙️ Настройки")
    await olga.wait_for_reply(lambda m: len(m.buttons) == 7)
    async with db() as session:
        voice = (await session.scalars(select(Voice))).one()
    speed = float(voice.params["speed"])
    await olga.click("+ скорость")
    card = await olga.wait_for_reply(lambda m: f"Скорость: {speed + 0.1:.2f}" in (m.text or ""))
    assert card.buttons
    presses = [await olga.click("+ сходство") for _ in range(3)]  # 0.75 -> 0.85 -> 0.95 -> no
    assert [p.show_alert for p in presses] == [False, False, True]
    assert presses[-1].answer_text == "Значение должно быть от 0 до 1."

    await olga.command("new")
    await olga.send("Как варить кофе")
    for step in (1, 1, 1):
        await olga.click(step)
    cast = await olga.wait_for_reply(lambda m: "✅ 🎙 Мой голос" in m.button_texts)
    await olga.click("Далее ➡️", message=cast)
    await olga.click("✅ Создать")
    preview = await wait_preview(olga, queue)
    assert "подобранный по вашим записям" in (preview.caption or "")
    async with db() as session:
        project = (await session.scalars(select(Project))).one()
    assert project.options.voice.voice_id == voice.id

    await olga.command("voice")
    await olga.click("⭐ 🎙 Мой голос")
    await olga.click("🗑 Удалить")
    await olga.click("🗑 Да, удалить голос и записи")
    await olga.wait_for_reply(lambda m: "Сделайте свой голос" in (m.text or ""))
    async with db() as session:
        assert (await session.scalars(select(Voice))).all() == []
        assert (await session.scalars(select(VoiceSample))).all() == []
    voices_dir = settings.storage.root / "users" / str(project.user_id) / "voices"
    assert not any(voices_dir.rglob("*.ogg"))
