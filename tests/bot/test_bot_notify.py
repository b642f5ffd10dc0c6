"""The Telegram notifier: one progress message, at most one edit per interval, "not
modified" swallowed, failures in the user's language, Telegram trouble never fails a job."""

from aiogram import Bot
from aiogram_i18n.cores import FluentRuntimeCore
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.edit_throttle import MAX_TRACKED_EDITS
from bot.notify import TelegramNotifier
from core.enums import StageName
from core.ports import StageProgress
from core.settings import Settings
from db.queries import deliveries, projects, users
from services.progress import ChatMessage, remember_progress_message
from storage.disk import Storage
from tests.emulators.telegram import TelegramEmulator


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


async def _project(db: async_sessionmaker[AsyncSession], telegram_id: int, language: str) -> int:
    async with db() as session:
        user = await users.get_or_create_user(session, telegram_id, "Test", language)
        project = await projects.create_project(
            session,
            user.id,
            topic="Bees & <honey>",
            language=language,
            target_duration=15,
            style="vivid",
            tone="calm",
        )
        await session.commit()
        return project.id


def _notifier(
    bot: Bot,
    db: async_sessionmaker[AsyncSession],
    core: FluentRuntimeCore,
    settings: Settings,
    clock: Clock,
) -> TelegramNotifier:
    storage = Storage(settings.storage.root.resolve())
    return TelegramNotifier(bot, db, core, storage, min_interval=2.0, clock=clock)


async def test_progress_is_one_throttled_message(
    bot: Bot,
    db: async_sessionmaker[AsyncSession],
    core: FluentRuntimeCore,
    settings: Settings,
    emulator: TelegramEmulator,
) -> None:
    emulator.add_user(9101, "Bee", language_code="en")
    project_id = await _project(db, 9101, "en")
    clock = Clock()
    notifier = _notifier(bot, db, core, settings, clock)
    for at, overall in ((0.0, 0.1), (0.5, 0.2), (1.9, 0.3), (2.1, 0.4), (2.2, 0.5), (5.0, 0.4)):
        clock.now = 100.0 + at
        eta = None if overall < 0.2 else 12.4
        await notifier.progress(StageProgress(project_id, StageName.VISUALS, 0.5, overall, eta))
        if at == 2.1:
            await notifier.progress(
                StageProgress(project_id, StageName.VISUALS, 0.5, overall, eta)
            )
    (sent,) = emulator.sent(9101, "sendMessage", ok=True)  # no progress message yet: one sent
    edits = emulator.sent(9101, "editMessageText")
    assert len(edits) == 2  # at 2.1 s and at 5.0 s (same text: "not modified", swallowed)
    assert [e.ok for e in edits] == [True, False]
    assert "message is not modified" in (edits[1].description or "")
    message = emulator.message(9101, sent.result["message_id"])
    assert message.text == ("⚙️ Bees & <honey>\n🎨 Drawing the scenes: 40%\n⏱ about 12 s left")
    async with db() as session:
        delivery = await deliveries.get_delivery(session, project_id)
    assert delivery is not None
    assert (delivery.chat_id, delivery.message_id, delivery.revision) == (
        9101,
        message.message_id,
        0,
    )


async def test_failure_in_russian_and_a_blocked_user(
    bot: Bot,
    db: async_sessionmaker[AsyncSession],
    core: FluentRuntimeCore,
    settings: Settings,
    emulator: TelegramEmulator,
) -> None:
    user = emulator.add_user(9102, "Пчела", language_code="ru")
    project_id = await _project(db, 9102, "ru")
    first = await bot.send_message(9102, "⏳")
    async with db() as session:
        owner = await users.get_user_by_telegram_id(session, 9102)
        assert owner is not None
        sent = ChatMessage(9102, first.message_id)
        await remember_progress_message(session, owner.id, project_id, sent)
    notifier = _notifier(bot, db, core, settings, Clock())
    await notifier.failed(project_id, "error-render-timeout", {})
    failed = emulator.message(9102, first.message_id)
    assert failed.text == (
        "⚠️ Bees & <honey>: работа остановилась.\n"
        "Сборка заняла слишком много времени. Ничего не пропало; попробуйте ролик покороче."
    )
    last = emulator.last_message(9102)
    assert last is not None
    assert (last.text or "").startswith("Ничего не пропало")
    await notifier.failed(project_id, "error-no-such-key", {"x": 1})
    assert "У меня что-то пошло не так" in (emulator.message(9102, first.message_id).text or "")

    emulator.user_blocks_bot(user, enqueue=False)
    await notifier.failed(project_id, "error-render-timeout", {})  # 403: logged, not raised
    assert emulator.sent(9102, "sendMessage")[-1].status == 403


async def test_edit_times_of_projects_that_never_finish_are_forgotten(
    bot: Bot,
    db: async_sessionmaker[AsyncSession],
    core: FluentRuntimeCore,
    settings: Settings,
    emulator: TelegramEmulator,
) -> None:
    """Projects whose finish this process never sees (a worker stopped mid-job, a deleted
    user) must not keep an edit time each for the life of the process."""
    emulator.add_user(9103, "Bee", language_code="en")
    project_id = await _project(db, 9103, "en")
    clock = Clock()
    notifier = _notifier(bot, db, core, settings, clock)
    for gone in range(1_000_000, 1_000_000 + MAX_TRACKED_EDITS + 50):  # no such projects
        clock.now += 3.0
        await notifier.progress(StageProgress(gone, StageName.VOICE, 0.5, 0.2, None))
    assert len(notifier.throttle.last_edit) <= MAX_TRACKED_EDITS
    await notifier.progress(StageProgress(project_id, StageName.VOICE, 0.5, 0.2, None))
    clock.now += 1.0  # within min_interval of the last edit: still throttled
    await notifier.progress(StageProgress(project_id, StageName.VOICE, 0.9, 0.3, None))
    assert len(emulator.sent(9103, "sendMessage")) == 1
    assert emulator.sent(9103, "editMessageText") == []
