"""Connecting a channel: by @username or a forwarded post, through a real aiogram Bot against
the Telegram emulator; the bot must be able to post AND the user must run the channel."""

from pathlib import Path

import pytest
from aiogram import Bot
from aiogram.types import Message

from core.errors import DomainError
from core.i18n import render
from publishers.telegram_errors import (
    BotCannotPost,
    BotKickedFromChannel,
    BotNotChannelAdmin,
    ChannelNotFound,
    ChannelRefMissing,
    NotAChannel,
    UserCannotPost,
    UserNotChannelAdmin,
)
from publishers.telegram_verify import ChannelIdentity, chat_ref_of, verify_channel
from tests.emulators.telegram import StoredMessage, TelegramEmulator
from tests.publishers.telegram_env import channel_env


def as_message(bot: Bot, stored: StoredMessage) -> Message:
    """The update the bot's handler would get for `stored`."""
    assert stored.update is not None
    return Message.model_validate(stored.update["message"], context={"bot": bot})


async def no_wait(seconds: float) -> None:
    return None


async def verify(bot: Bot, ref: int | str, user_id: int) -> ChannelIdentity:
    return await verify_channel(bot, ref, user_id, sleep=no_wait)


async def test_by_username_in_any_spelling(tmp_path: Path) -> None:
    async with channel_env(tmp_path) as env, env.emulator.create_bot() as bot:
        expected = ChannelIdentity(env.channel.id, "Coffee Shorts", "coffee_shorts")
        for text in ("@coffee_shorts", "https://t.me/coffee_shorts", "t.me/coffee_shorts/12"):
            sent = env.emulator.user_sends_text(env.owner, None, text)
            ref = chat_ref_of(as_message(bot, sent))
            assert ref == "@coffee_shorts"
            assert await verify(bot, ref, env.owner.id) == expected


async def test_by_a_forwarded_post_of_a_private_channel(tmp_path: Path) -> None:
    async with channel_env(tmp_path, username=None) as env, env.emulator.create_bot() as bot:
        editor = env.emulator.add_user(2002, "Eve")
        env.emulator.set_admin(env.channel, editor.id)
        post = env.emulator.user_sends_text(env.owner, env.channel, "Episode 1")

        forwarded = env.emulator.user_forwards(editor, post)

        ref = chat_ref_of(as_message(bot, forwarded))
        assert ref == env.channel.id
        identity = await verify(bot, ref, editor.id)
        assert identity == ChannelIdentity(env.channel.id, "Coffee Shorts", None)


async def test_the_bot_must_be_an_admin_that_may_post(tmp_path: Path) -> None:
    async with channel_env(tmp_path) as env, env.emulator.create_bot() as bot:
        emulator, bot_id = env.emulator, env.emulator.bot_user.id
        cases: list[tuple[str, type[DomainError]]] = [
            ("left", BotNotChannelAdmin),
            ("no_post_right", BotCannotPost),
            ("kicked", BotKickedFromChannel),
        ]
        for take_away, error in cases:
            if take_away == "no_post_right":
                emulator.set_admin(env.channel, bot_id, can_post_messages=False)
            elif take_away == "kicked":
                emulator.kick_bot(env.channel)
            else:
                emulator.set_member_status(env.channel, bot_id, take_away)
            with pytest.raises(error) as raised:
                await verify(bot, "@coffee_shorts", env.owner.id)
            assert type(raised.value) is error
            assert "@coffee_shorts" in render(raised.value.key, "en", **raised.value.params)


async def test_the_user_must_run_the_channel(tmp_path: Path) -> None:
    async with channel_env(tmp_path) as env, env.emulator.create_bot() as bot:
        stranger = env.emulator.add_user(2003, "Mallory")
        subscriber = env.emulator.add_user(2004, "Sam")
        env.emulator.set_member_status(env.channel, subscriber.id, "member")
        muted = env.emulator.add_user(2005, "Max")
        env.emulator.set_admin(env.channel, muted.id, can_post_messages=False)

        for user, error in ((stranger, UserNotChannelAdmin), (subscriber, UserNotChannelAdmin)):
            with pytest.raises(error) as raised:
                await verify(bot, "@coffee_shorts", user.id)
            assert type(raised.value) is error
        with pytest.raises(UserCannotPost) as refused:
            await verify(bot, env.channel.id, muted.id)

        russian = render(refused.value.key, "ru", **refused.value.params)
        assert russian.startswith("Вы администратор канала")


async def test_a_chat_that_is_not_a_channel_or_not_there(tmp_path: Path) -> None:
    async with channel_env(tmp_path) as env, env.emulator.create_bot() as bot:
        emulator: TelegramEmulator = env.emulator
        friend = emulator.add_user(2006, "Fred", username="fred_friend")

        with pytest.raises(NotAChannel):
            await verify(bot, "@fred_friend", env.owner.id)
        with pytest.raises(ChannelNotFound):
            await verify(bot, "@no_such_channel", env.owner.id)
        hidden = emulator.add_channel("Hidden", owner=env.owner, bot_is_admin=False)
        with pytest.raises(ChannelNotFound):  # private and the bot is not in it
            await verify(bot, hidden.id, env.owner.id)

        from_person = emulator.user_forwards(
            env.owner, emulator.user_sends_text(friend, None, "hi")
        )
        with pytest.raises(NotAChannel):
            chat_ref_of(as_message(bot, from_person))
        with pytest.raises(ChannelRefMissing):
            chat_ref_of(as_message(bot, emulator.user_sends_text(env.owner, None, "my channel")))


async def test_a_429_while_verifying_is_waited_out(tmp_path: Path) -> None:
    async with channel_env(tmp_path) as env, env.emulator.create_bot() as bot:
        env.emulator.faults.retry_after("getChat", 1)
        env.emulator.faults.server_error("getChatMember")

        identity = await verify(bot, "@coffee_shorts", env.owner.id)

        assert identity.chat_id == env.channel.id
        assert [r.status for r in env.emulator.requests[:2]] == [429, 200]
