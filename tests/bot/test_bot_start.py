"""/start, the language (Telegram's by default, chosen and changed, stored), /help, commands."""

from aiogram import Dispatcher
from conftest import ADMIN_ID, ClientFactory
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.models import User
from tests.emulators.telegram import TelegramEmulator


async def _language(db: async_sessionmaker[AsyncSession], telegram_id: int) -> str:
    async with db() as session:
        user = await session.scalar(select(User).where(User.telegram_id == telegram_id))
        assert user is not None
        return user.language


async def test_start_follows_telegram_language_then_the_choice(
    chat: ClientFactory, db: async_sessionmaker[AsyncSession]
) -> None:
    ivan = chat(2001, "Иван", "ru")
    await ivan.command("start")
    welcome = await ivan.wait_for_reply()
    assert "Привет, Иван" in (welcome.text or "")
    assert welcome.button_texts == ["English", "Русский"]
    assert await _language(db, 2001) == "ru"

    press = await ivan.click("English")
    await ivan.wait_for_answer(press)
    menu = await ivan.wait_for_reply(lambda m: "New Short" in " ".join(m.button_texts))
    assert menu.text == "What shall we make? Pick an action:"
    assert await _language(db, 2001) == "en"

    await ivan.command("lang")
    await ivan.wait_for_reply(lambda m: m.text == "Choose a language:")
    await ivan.click("Русский")
    await ivan.wait_for_reply(lambda m: "Новый ролик" in " ".join(m.button_texts))
    assert await _language(db, 2001) == "ru"
    await ivan.command("help")
    assert "Как это работает" in ((await ivan.wait_for_reply()).text or "")


async def test_unknown_language_code_defaults_to_english(chat: ClientFactory) -> None:
    pierre = chat(2002, "Pierre", "fr")
    await pierre.command("help")
    assert "How it works" in ((await pierre.wait_for_reply()).text or "")
    await pierre.send("bonjour")
    reply = await pierre.wait_for_reply()
    assert reply.text == "I did not understand that. Use the menu below, or /help."
    assert "🎬 New Short" in reply.button_texts
    await pierre.command("cancel")
    assert (await pierre.wait_for_reply()).text == "There is nothing to cancel."


async def test_commands_are_registered_in_both_languages(
    dispatcher: Dispatcher, emulator: TelegramEmulator
) -> None:
    del dispatcher  # its start-up registered them
    english = [c["command"] for c in emulator.commands(language_code="en")]
    assert english == [
        "start", "new", "batch", "voice", "character", "shorts", "analytics", "ideas", "accounts",
        "timezone", "lang", "help", "cancel", "delete_my_data", "usage", "plan", "api",
    ]  # fmt: skip
    russian = {c["command"]: c["description"] for c in emulator.commands(language_code="ru")}
    assert russian["new"] == "Новый ролик"
    assert russian["delete_my_data"] == "Удалить все мои данные"
    default = {c["command"]: c["description"] for c in emulator.commands()}
    assert default["new"] == "Make a new Short"
    admin = emulator.commands({"type": "chat", "chat_id": ADMIN_ID}, "ru")
    assert [c["command"] for c in admin][-5:] == ["stats", "user", "block", "unblock", "grant"]
    assert {c["command"]: c["description"] for c in admin}["block"] == "Админ: заблокировать"
