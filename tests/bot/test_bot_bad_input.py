"""Bad input: each gets a clear answer in the user's language, nothing lost, no one else's
data touched."""

import pytest
from aiogram import Bot, Dispatcher
from bot_media import animated_gif, silent_note
from conftest import ClientFactory
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.callbacks import PreviewAction, PreviewCb, ShortsAction, ShortsCb
from bot.middlewares.throttling import ThrottlingMiddleware
from core.enums import ProjectStatus
from core.project_options import ProjectOptions
from db.models import Project, VoiceSample
from db.queries import projects, users
from tests.emulators.telegram import BotClient, CallbackRecord, TelegramEmulator

MB = 1024 * 1024


@pytest.fixture
def throttling() -> ThrottlingMiddleware:
    """The production throttle, on the real clock: these tests send at machine speed."""
    return ThrottlingMiddleware()


async def press_data(
    client: BotClient, dispatcher: Dispatcher, bot: Bot, data: str
) -> CallbackRecord:
    """A press carrying any callback_data (a tampered client), on the latest bot message."""
    emulator = client.emulator
    target = emulator.last_message(client.chat.id)
    assert target is not None
    record = emulator.user_clicks(client.user, target, data, strict=False, enqueue=False)
    assert record.update is not None
    await dispatcher.feed_raw_update(bot, record.update)
    return await client.wait_for_answer(record)


async def _done_project(db: async_sessionmaker[AsyncSession], telegram_id: int) -> int:
    async with db() as session:
        user = await users.get_user_by_telegram_id(session, telegram_id)
        assert user is not None
        project = await projects.create_project(
            session,
            user.id,
            topic="Alice's secret",
            language="en",
            target_duration=15,
            style="vivid",
            tone="calm",
        )
        projects.set_project_state(project, ProjectStatus.DONE, stage=None, progress=1.0)
        await session.commit()
        return project.id


async def test_tampered_and_foreign_callbacks_get_alerts(
    chat: ClientFactory,
    dispatcher: Dispatcher,
    bot: Bot,
    db: async_sessionmaker[AsyncSession],
) -> None:
    alice, mallory = chat(5001, "Alice", "en"), chat(5002, "Мэллори", "ru")
    await alice.command("start")
    await mallory.command("start")
    project_id = await _done_project(db, 5001)

    for data in ("pv:approve:abc", "zz:1", "pv:nope:1:0", "x" * 64):
        answer = await press_data(mallory, dispatcher, bot, data)
        assert answer.show_alert
        assert answer.answer_text == "Эта кнопка устарела или не ваша. Откройте меню: /menu"
    foreign = [
        PreviewCb(action=PreviewAction.APPROVE, project_id=project_id),
        PreviewCb(action=PreviewAction.REDO_SCENE, project_id=project_id, item=1),
        PreviewCb(action=PreviewAction.REDO_MENU, project_id=project_id),
        ShortsCb(action=ShortsAction.OPEN, project_id=project_id),
    ]
    for data in foreign:
        answer = await press_data(mallory, dispatcher, bot, data.pack())
        assert (answer.show_alert, answer.answer_text) == (
            True,
            "Не найдено: это удалено или принадлежит не вам.",
        )
    english = await press_data(alice, dispatcher, bot, "pv:approve:abc")
    assert english.answer_text == "This button is out of date or not yours. Open the menu: /menu"
    async with db() as session:
        project = await session.get(Project, project_id)
    assert project is not None
    assert (project.revision, project.status) == (0, ProjectStatus.DONE)
    assert project.options == ProjectOptions()
    assert mallory.emulator.sent(5002, "sendVideo") == []


async def test_topic_too_long_then_fine(chat: ClientFactory) -> None:
    client = chat(5003, "Ivan", "ru")
    await client.command("new")
    await client.wait_for_reply()
    await client.send("Т" * 4096)
    refusal = await client.wait_for_reply()
    assert refusal.text == "В теме 4\xa0096 символов; сократите её до 300 и пришлите снова."
    await client.send_photo(b"not really a photo")
    assert "Мне нужна тема текстом" in ((await client.wait_for_reply()).text or "")
    await client.send("Почему небо голубое")
    durations = await client.wait_for_reply(lambda m: bool(m.buttons))
    assert durations.button_texts[:3] == ["15 с", "30 с", "60 с"]
    await client.send("30")
    assert (await client.wait_for_reply()).text == "Пожалуйста, выберите одну из кнопок выше."
    await client.command("cancel")
    assert (await client.wait_for_reply()).text == "Отменено. Ничего сохранённого не пропало."


async def test_a_flood_is_throttled_per_user(
    chat: ClientFactory, emulator: TelegramEmulator, throttling: ThrottlingMiddleware
) -> None:
    # A flood arrives within one instant: a stopped clock keeps a loaded machine's slowness
    # from refilling the bucket mid-flood.
    throttling.clock = lambda: 0.0
    flooder, calm = chat(5004, "Flood", "en"), chat(5005, "Calm", "en")
    for number in range(20):
        await flooder.send(f"spam {number}")
    texts = [m.text for m in emulator.messages(5004, from_bot=True)]
    assert texts.count("Too many messages at once. Wait a couple of seconds, then go on.") == 1
    assert len(texts) == throttling.burst + 1  # the burst answered, then one warning
    await calm.send("hello")
    assert (await calm.wait_for_reply()).text.startswith("I did not understand")  # type: ignore[union-attr]


async def test_bad_voice_samples(
    chat: ClientFactory, emulator: TelegramEmulator, db: async_sessionmaker[AsyncSession]
) -> None:
    client = chat(5006, "Olga", "en")
    await client.command("voice")
    await client.click("🎤 New voice from recordings")
    await client.wait_for_reply(lambda m: "Send voice messages" in (m.text or ""))

    await client.send_document(b"%PDF-1.4 not audio", "notes.pdf", "application/pdf")
    assert "is not audio" in ((await client.wait_for_reply()).text or "")
    await client.send_voice(b"OggS" + bytes(range(256)) * 20, duration=3)
    assert "damaged or cut off" in ((await client.wait_for_reply()).text or "")
    await client.send_voice(silent_note(4.0), duration=4)
    assert "silent" in ((await client.wait_for_reply()).text or "")
    await client.send_voice(silent_note(600.0, rate=8000), duration=600)
    assert "the limit is" in ((await client.wait_for_reply()).text or "")
    huge = await client.send_media("audio", b"\x00" * (21 * MB), file_name="huge.mp3", duration=30)
    assert "at most 20 MB" in ((await client.wait_for_reply()).text or "")
    huge_id = (huge.media or {})["file_id"]
    assert [r for r in emulator.calls("getFile") if r.params.get("file_id") == huge_id] == []
    await client.send("hello?")
    assert (await client.wait_for_reply()).text == (
        "Send a voice message or an audio file, or /cancel."
    )
    async with db() as session:
        assert (await session.scalars(select(VoiceSample))).all() == []


async def test_gif_as_a_character_photo(chat: ClientFactory) -> None:
    client = chat(5007, "Nina", "ru")
    await client.command("character")
    await client.click("➕ Новый персонаж")
    await client.wait_for_reply(lambda m: "Пришлите от 1 до 5 фото" in (m.text or ""))
    await client.send_media("animation", animated_gif(), file_name="dance.gif")
    assert (await client.wait_for_reply()).text == (
        "Это не фотография. Пришлите фото в JPEG, PNG или WebP."
    )
    await client.send("а можно текстом?")
    assert "Пришлите от 1 до 5 фото" in ((await client.wait_for_reply()).text or "")
