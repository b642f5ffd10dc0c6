"""Connecting a Telegram channel from /accounts: by @username or by a forwarded post, and
each refusal (the bot not an admin or without the post right, the person not running the
channel, not a channel at all) answered in the person's language, still waiting."""

from aiogram import Bot, Dispatcher
from conftest import ClientFactory
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.enums import AccountStatus, Platform
from db.models import SocialAccount
from tests.emulators.telegram import BotClient, StoredMessage, TelegramEmulator


async def ask_for_channel(client: BotClient) -> None:
    await client.command("accounts")
    await client.wait_for_reply(lambda m: bool(m.buttons))
    await client.click("➕ Connect Telegram channel")
    await client.wait_for_reply(lambda m: "Forward me any post" in (m.text or ""))


async def channels(db: async_sessionmaker[AsyncSession]) -> list[SocialAccount]:
    async with db() as session:
        query = select(SocialAccount).where(SocialAccount.platform == Platform.TELEGRAM)
        return list((await session.scalars(query)).all())


async def test_a_channel_connects_by_its_username(
    chat: ClientFactory, emulator: TelegramEmulator, db: async_sessionmaker[AsyncSession]
) -> None:
    alice = chat(7101, "Alice", "en")
    channel = emulator.add_channel("Shorts daily", username="shorts_daily", owner=alice.user)
    await ask_for_channel(alice)

    await alice.send("@shorts_daily")
    done = await alice.wait_for_reply(lambda m: "is connected" in (m.text or ""))

    assert done.text is not None
    assert done.text.startswith("✅ Channel @shorts_daily is connected.")
    assert "• Telegram channel: @shorts_daily (connected)" in done.text
    (account,) = await channels(db)
    assert (account.external_id, account.status) == (str(channel.id), AccountStatus.ACTIVE)
    assert account.access_token is None


async def test_a_channel_connects_by_a_forwarded_post_in_russian(
    chat: ClientFactory,
    emulator: TelegramEmulator,
    db: async_sessionmaker[AsyncSession],
    dispatcher: Dispatcher,
    bot: Bot,
) -> None:
    olga = chat(7102, "Olga", "ru")
    channel = emulator.add_channel("Закрытый канал", owner=olga.user)  # no @username
    await olga.command("accounts")
    await olga.wait_for_reply(lambda m: bool(m.buttons))
    await olga.click("➕ Подключить Telegram-канал")
    await olga.wait_for_reply(lambda m: "Перешлите мне любой пост" in (m.text or ""))
    post = emulator.user_sends_text(olga.user, channel, "Выпуск 1", enqueue=False)

    forwarded = emulator.user_forwards(olga.user, post, enqueue=False)
    assert forwarded.update is not None
    await dispatcher.feed_raw_update(bot, forwarded.update)
    done = await olga.wait_for_reply(lambda m: "подключён" in (m.text or ""))

    assert done.text is not None
    assert done.text.startswith("✅ Канал Закрытый канал подключён.")
    (account,) = await channels(db)
    assert account.external_id == str(channel.id)


async def refusal(client: BotClient, text: str) -> StoredMessage:
    await client.send(text)
    return await client.wait_for_reply()


async def test_each_refusal_says_why_and_the_bot_keeps_waiting(
    chat: ClientFactory, emulator: TelegramEmulator, db: async_sessionmaker[AsyncSession]
) -> None:
    alice = chat(7103, "Alice", "en")
    mallory = emulator.add_user(7104, "Mallory")
    emulator.add_channel("No bot", username="no_bot_here", owner=alice.user, bot_is_admin=False)
    muted = emulator.add_channel("Muted", username="muted_bot", owner=alice.user)
    emulator.set_admin(muted, emulator.state.bot.id, can_post_messages=False)
    emulator.add_channel("Not mine", username="not_mine", owner=mallory)
    await ask_for_channel(alice)

    expected = {
        "@no_bot_here": "I am not an administrator of",
        "@muted_bot": "but may not post there",
        "@not_mine": "Only the owner or an administrator of",
        "hello": "I do not see a channel in this message",
    }
    for sent, reason in expected.items():
        answer = await refusal(alice, sent)
        assert reason in (answer.text or ""), (sent, answer.text)
    assert await channels(db) == []

    emulator.set_admin(muted, emulator.state.bot.id)  # the owner fixed the bot's rights
    await alice.send("@muted_bot")
    await alice.wait_for_reply(lambda m: "is connected" in (m.text or ""))
    assert [a.name for a in await channels(db)] == ["@muted_bot"]


async def test_a_forward_from_a_person_is_not_a_channel_in_russian(
    chat: ClientFactory, emulator: TelegramEmulator, dispatcher: Dispatcher, bot: Bot
) -> None:
    olga = chat(7105, "Olga", "ru")
    await olga.command("accounts")
    screen = await olga.wait_for_reply(lambda m: bool(m.buttons))
    await olga.click("➕ Подключить Telegram-канал")
    await olga.wait_for_reply(lambda m: "Перешлите" in (m.text or ""))

    forwarded = emulator.user_forwards(olga.user, screen, enqueue=False)
    assert forwarded.update is not None
    await dispatcher.feed_raw_update(bot, forwarded.update)
    answer = await olga.wait_for_reply(lambda m: "не канал" in (m.text or ""))
    assert answer.text is not None
