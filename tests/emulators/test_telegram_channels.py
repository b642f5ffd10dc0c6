"""Channels the bot posts to: rights, kicks, forwarded posts and the public-post ledger,
through a real aiogram Bot."""

from __future__ import annotations

import hashlib

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError, TelegramNetworkError
from aiogram.types import BufferedInputFile, ChatMemberAdministrator, MessageOriginChannel, Update

from .telegram import EmuUser, TelegramEmulator


async def test_an_admin_without_the_post_right_is_refused_a_post(
    bot: Bot, emulator: TelegramEmulator, alice: EmuUser, tiny_mp4: bytes
) -> None:
    channel = emulator.add_channel("Shorts", username="shorts_daily", owner=alice)
    emulator.set_admin(channel, bot.id, can_post_messages=False)

    me = await bot.get_chat_member(channel.id, bot.id)
    assert isinstance(me, ChatMemberAdministrator)
    assert me.can_post_messages is False
    with pytest.raises(TelegramBadRequest, match="need administrator rights"):
        await bot.send_video(channel.id, BufferedInputFile(tiny_mp4, "short.mp4"))
    assert emulator.public_posts(channel) == 0


async def test_a_kicked_bot_gets_403_and_a_private_channel_hides_from_strangers(
    bot: Bot, emulator: TelegramEmulator, alice: EmuUser
) -> None:
    public = emulator.add_channel("Public", username="public_one", owner=alice)
    hidden = emulator.add_channel("Hidden", owner=alice, bot_is_admin=False)
    emulator.kick_bot(public)

    with pytest.raises(TelegramForbiddenError, match="bot was kicked from the channel chat"):
        await bot.get_chat_member("@public_one", alice.id)
    with pytest.raises(TelegramForbiddenError, match="kicked"):
        await bot.send_message(public.id, "still here?")
    with pytest.raises(TelegramBadRequest, match="chat not found"):
        await bot.get_chat(hidden.id)


async def test_a_forwarded_channel_post_names_its_channel(
    bot: Bot, emulator: TelegramEmulator, alice: EmuUser
) -> None:
    channel = emulator.add_channel("Shorts", username="shorts_daily", owner=alice)
    post = emulator.user_sends_text(alice, channel, "Episode 1")

    forwarded = emulator.user_forwards(alice, post)

    assert forwarded.chat_id == alice.id
    update = Update.model_validate(forwarded.update, context={"bot": bot})
    assert update.message is not None
    origin = update.message.forward_origin
    assert isinstance(origin, MessageOriginChannel)
    assert (origin.chat.id, origin.chat.username, origin.message_id) == (
        channel.id,
        "shorts_daily",
        post.message_id,
    )


async def test_a_dropped_answer_still_posts_once_and_the_ledger_counts_it(
    bot: Bot, emulator: TelegramEmulator, alice: EmuUser, tiny_mp4: bytes
) -> None:
    channel = emulator.add_channel("Shorts", username="shorts_daily", owner=alice)
    emulator.faults.drop_response("sendVideo")

    with pytest.raises(TelegramNetworkError):
        await bot.send_video(channel.id, BufferedInputFile(tiny_mp4, "a.mp4"), caption="One")
    await bot.send_video(channel.id, BufferedInputFile(tiny_mp4, "b.mp4"), caption="Two")

    digest = hashlib.sha256(tiny_mp4).hexdigest()
    assert emulator.public_posts(channel) == 2
    assert emulator.public_posts(channel, caption="One") == 1
    assert emulator.public_posts(channel.id, sha256=digest) == 2
    assert emulator.public_posts(channel, sha256="0" * 64) == 0
    (dropped,) = [r for r in emulator.sent(channel.id, "sendVideo") if r.fault]
    assert dropped.fault == "apply_then_drop"
    assert dropped.ok
