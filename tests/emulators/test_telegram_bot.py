"""A real aiogram Dispatcher + Bot against the emulator, driven through BotClient."""

from __future__ import annotations

import pytest
from aiogram import Bot

from .echo_bot import CLIP, make_dispatcher, polling
from .telegram import BotClient, EmuUser, TelegramEmulator


async def converse(client: BotClient, emulator: TelegramEmulator, voice: bytes) -> None:
    """The same conversation in either delivery mode."""
    await client.send("hello there")
    assert (await client.wait_for_reply()).text == "hello there"

    await client.command("menu")
    menu = await client.wait_for_reply(lambda m: bool(m.buttons))
    assert menu.button_texts == ["Approve", "Redo"]

    press = await client.click("Approve")
    edited = await client.wait_for_reply(lambda m: m.text == "Approved ✅")
    assert edited.message_id == menu.message_id
    assert edited.buttons == []
    await client.wait_for_answer(press)
    assert (press.answer_text, press.show_alert) == ("Published!", True)

    await client.send_voice(voice, duration=1)
    assert (await client.wait_for_reply()).text == f"voice: {len(voice)} bytes"

    await client.command("video")
    video = await client.wait_for_reply(lambda m: m.media_kind == "video")
    assert video.caption == "Your short"
    assert emulator.file_of(video).data == CLIP
    (upload,) = emulator.sent(client.chat.id, "sendVideo")[-1].uploads
    assert (upload.filename, upload.size) == ("preview.mp4", len(CLIP))


async def test_real_polling(
    bot: Bot, emulator: TelegramEmulator, alice: EmuUser, tiny_ogg: bytes
) -> None:
    dispatcher = make_dispatcher()
    async with polling(dispatcher, bot):
        await emulator.wait_until_polling()
        await converse(BotClient(emulator, alice), emulator, tiny_ogg)

    polls = emulator.calls("getUpdates")
    assert polls[0].params["allowed_updates"] == ["callback_query", "message"]
    assert polls[0].params["timeout"] == "10"
    assert emulator.pending_updates == []


async def test_feed_update_mode(
    bot: Bot, emulator: TelegramEmulator, boris: EmuUser, tiny_ogg: bytes
) -> None:
    client = BotClient(emulator, boris, dispatcher=make_dispatcher(), bot=bot)
    await converse(client, emulator, tiny_ogg)

    assert emulator.calls("getUpdates") == []
    assert emulator.pending_updates == []
    assert [m.text for m in client.replies()] == [None]  # the video, after /video


async def test_wait_for_reply_times_out_with_a_report(
    emulator: TelegramEmulator, alice: EmuUser
) -> None:
    client = BotClient(emulator, alice, timeout=0.2)
    await client.send("anyone?")
    with pytest.raises(TimeoutError, match=r"no matching bot reply in chat 1001 within 0.2s"):
        await client.wait_for_reply()
    with pytest.raises(LookupError, match="inline buttons"):
        await client.click("Approve")


async def test_two_users_do_not_see_each_other(
    bot: Bot, emulator: TelegramEmulator, alice: EmuUser, boris: EmuUser
) -> None:
    dispatcher = make_dispatcher()
    async with polling(dispatcher, bot):
        first, second = BotClient(emulator, alice), BotClient(emulator, boris)
        await first.send("for alice")
        await second.send("for boris")
        assert (await second.wait_for_reply()).text == "for boris"
        assert (await first.wait_for_reply()).text == "for alice"
    assert [m.text for m in emulator.messages(boris.id, from_bot=True)] == ["for boris"]
