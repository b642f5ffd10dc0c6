"""The owner hears about an account in the chat, in their language: connected, or refused by
its platform with the link that connects it again; a blocked bot is logged, not raised."""

from aiogram import Bot
from aiogram_i18n.cores import FluentRuntimeCore
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.account_notify import TelegramAccountNotifier
from core.enums import Platform
from core.ports import AccountChange, AccountEvent
from db.queries import users
from tests.emulators.telegram import TelegramEmulator


async def _user(db: async_sessionmaker[AsyncSession], telegram_id: int, language: str) -> int:
    async with db() as session:
        user = await users.get_or_create_user(session, telegram_id, "Owner", language)
        await session.commit()
        return user.id


async def test_connected_and_reconnect_needed_in_both_languages(
    bot: Bot,
    db: async_sessionmaker[AsyncSession],
    core: FluentRuntimeCore,
    emulator: TelegramEmulator,
) -> None:
    emulator.add_user(9301, "Ann", language_code="en")
    emulator.add_user(9302, "Борис", language_code="ru")
    ann, boris = await _user(db, 9301, "en"), await _user(db, 9302, "ru")
    notifier = TelegramAccountNotifier(bot, db, core)
    await notifier.account(
        AccountEvent(ann, 1, Platform.YOUTUBE, "Ann <Shorts>", AccountChange.CONNECTED)
    )
    link = "https://web.example/oauth/tiktok/start?flow=abc.def"
    await notifier.account(
        AccountEvent(boris, 2, Platform.TIKTOK, "boris", AccountChange.RECONNECT_REQUIRED, link)
    )
    connected = emulator.last_message(9301).text or ""
    assert "YouTube" in connected
    assert "Ann <Shorts>" in connected
    assert "is connected" in connected
    refused = emulator.last_message(9302).text or ""
    assert "TikTok" in refused
    assert "подключите его снова" in refused
    assert link in refused


async def test_a_blocked_bot_is_not_an_error(
    bot: Bot,
    db: async_sessionmaker[AsyncSession],
    core: FluentRuntimeCore,
    emulator: TelegramEmulator,
) -> None:
    person = emulator.add_user(9303, "Cy", language_code="en")
    owner = await _user(db, 9303, "en")
    emulator.user_blocks_bot(person, enqueue=False)
    notifier = TelegramAccountNotifier(bot, db, core)
    await notifier.account(AccountEvent(owner, 3, Platform.X, "cy", AccountChange.CONNECTED))
    assert emulator.sent(9303, "sendMessage")[-1].status == 403
