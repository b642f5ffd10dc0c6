"""/block and /unblock: admins only; a blocked user's updates are dropped before any handler
(one polite note in their language), their queued Shorts are cancelled and no service makes
them a new one."""

from pathlib import Path

import pytest
from aiogram import Bot, Dispatcher
from bot_seed import seed_projects, statuses
from conftest import ADMIN_ID, ClientFactory
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.states import NewShort
from core.enums import ProjectStatus
from core.settings import LimitsSettings
from db.queries import users
from jobs.queue import LocalQueue
from services.limits import UserBlocked
from services.projects import ProjectRequest
from services.shorts import submit_project
from storage.disk import Storage
from tests.emulators.telegram import BotClient, TelegramEmulator

QUEUED, RUNNING, DONE = ProjectStatus.QUEUED, ProjectStatus.RUNNING, ProjectStatus.DONE
NOTE_RU = (
    "Доступ к боту для вас приостановлен. "
    "Если вы считаете, что это ошибка, напишите владельцу бота."
)


async def reply(client: BotClient) -> str:
    return (await client.wait_for_reply()).text or ""


async def state_of(dispatcher: Dispatcher, bot: Bot, client: BotClient) -> str | None:
    context = dispatcher.fsm.get_context(bot=bot, chat_id=client.chat.id, user_id=client.user.id)
    return await context.get_state()


async def test_a_blocked_user_hears_once_and_nothing_runs_until_unblocked(
    *,
    chat: ClientFactory,
    db: async_sessionmaker[AsyncSession],
    emulator: TelegramEmulator,
    dispatcher: Dispatcher,
    bot: Bot,
) -> None:
    vera, admin = chat(8101, "Вера", "ru"), chat(ADMIN_ID, "Admin", "en")
    await vera.command("start")
    await vera.command("new")
    menu = await vera.wait_for_reply(lambda m: bool(m.buttons))  # she was asked for a topic
    await seed_projects(db, 8101, QUEUED, RUNNING, DONE)

    await admin.command("block", "8101")

    assert await reply(admin) == "User 8101 (Вера) is blocked. Queued Shorts cancelled: 1."
    assert await statuses(db, 8101) == [ProjectStatus.CANCELLED, RUNNING, DONE]
    seen = len(emulator.messages(vera.chat.id, from_bot=True))
    await vera.send("Почему небо голубое")
    await vera.command("start")
    await vera.command("new")
    press = await vera.click(1, message=menu)
    assert [m.text for m in emulator.messages(vera.chat.id, from_bot=True)[seen:]] == [NOTE_RU]
    assert (press.answered, press.answer_text, press.show_alert) == (True, None, False)
    assert await state_of(dispatcher, bot, vera) == NewShort.entering_topic.state  # untouched

    await admin.command("block", "8101")
    assert await reply(admin) == "User 8101 (Вера) was already blocked."
    await admin.command("unblock", "8101")
    assert await reply(admin) == "User 8101 (Вера) is unblocked and can use the bot again."
    await vera.send("Почему небо голубое")  # where she left off
    durations = await vera.wait_for_reply(lambda m: bool(m.buttons))
    assert durations.button_texts[:3] == ["15 с", "30 с", "60 с"]
    await admin.command("unblock", "8101")
    assert await reply(admin) == "User 8101 (Вера) was not blocked."


async def test_a_button_is_the_first_thing_a_blocked_user_presses(
    chat: ClientFactory, emulator: TelegramEmulator
) -> None:
    olga, admin = chat(8102, "Olga", "en"), chat(ADMIN_ID, "Admin", "en")
    await olga.command("start")
    language = await olga.wait_for_reply(lambda m: bool(m.buttons))
    await admin.command("block", "8102")
    await reply(admin)

    first = await olga.click(1, message=language)
    second = await olga.click(2, message=language)

    note = "Your access to this bot has been suspended. If you think this is a mistake, "
    assert first.show_alert
    assert (first.answer_text or "").startswith(note)
    assert (second.answered, second.answer_text) == (True, None)
    assert len(emulator.messages(olga.chat.id, from_bot=True)) == 1  # the /start greeting


async def test_only_admins_can_block(
    chat: ClientFactory, db: async_sessionmaker[AsyncSession]
) -> None:
    mallory, vera = chat(8103, "Mallory", "en"), chat(8104, "Вера", "ru")
    await vera.command("start")

    for command in ("block", "unblock"):
        await mallory.command(command, "8104")
        assert await reply(mallory) == "I did not understand that. Use the menu below, or /help."

    async with db() as session:
        user = await users.get_user_by_telegram_id(session, 8104)
    assert user is not None
    assert not user.is_blocked


async def test_admin_mistakes_get_clear_answers(chat: ClientFactory) -> None:
    admin = chat(ADMIN_ID, "Admin", "en")
    for command, arg, expected in [
        ("block", "", "Usage: /block TELEGRAM_ID"),
        ("block", "Vera", "Usage: /block TELEGRAM_ID"),
        ("unblock", "", "Usage: /unblock TELEGRAM_ID"),
        ("block", "424242", "No user 424242."),
        ("unblock", "424242", "No user 424242."),
        (
            "block",
            str(ADMIN_ID),
            "An admin cannot be blocked. Remove the ID from BOT__ADMIN_IDS first.",
        ),
    ]:
        await admin.command(command, arg)
        assert await reply(admin) == expected


async def test_no_service_makes_a_short_for_a_blocked_user(
    chat: ClientFactory,
    db: async_sessionmaker[AsyncSession],
    storage_root: Path,
    queue: LocalQueue,
) -> None:
    # The bot drops their updates; the REST API and batches reach the same service.
    admin = chat(ADMIN_ID, "Admin", "en")
    async with db() as session:
        user = await users.get_or_create_user(session, 8105, "Ivan", "ru")
        await session.commit()
    await admin.command("block", "8105")
    await reply(admin)

    async with db() as session:
        with pytest.raises(UserBlocked):
            await submit_project(
                session,
                Storage(storage_root),
                user.id,
                ProjectRequest(topic="Почему небо голубое", language="ru"),
                limits=LimitsSettings(),
                queue=queue,
            )
    assert await statuses(db, 8105) == []
    assert not queue.tasks
