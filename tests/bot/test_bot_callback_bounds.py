"""Tampered numbers in callback data and double presses: a polite answer, never the
internal-error alert (huge IDs used to reach the database: SQLite's OverflowError,
PostgreSQL's int32 range)."""

import pytest
from aiogram import Bot, Dispatcher
from bot_flows import order_short
from conftest import ClientFactory

from tests.emulators.telegram import BotClient, CallbackRecord, TelegramEmulator

STALE = "This button is out of date or not yours. Open the menu: /menu"
HUGE = (2**31, 2**63, 10**30)
# Every int field of every factory, as it would be packed, with {n} in its place.
TEMPLATES = [
    "ns:dur:{n}::friendly",
    "ns:voice:{n}::friendly",
    "pv:approve:{n}:0",
    "pv:redo:1:{n}",
    "pv:voice:1:{n}",
    "sh:open:{n}:0",
    "sh:page:0:{n}",
    "vc:open:{n}:speed:0",
    "vc:adjust:1:speed:{n}",
    "chr:open:{n}:",
    "var:menu:{n}:0:smiling",
    "var:del:1:{n}:smiling",
    "idea:one:abc:{n}",
]
# The caption picker's payload is enums only: a value not among them is a stale button,
# as is a real one pressed outside New Short's summary.
CAPTION_TAMPERED = [
    "cap:look:neon:lower:medium",
    "cap:pos:bold:top:medium",
    "cap:size:bold:lower:huge",
    "cap:zoom:bold:lower:medium",
    "cap:look:bold:lower",
]
CAPTION_OUT_OF_STEP = [f"cap:{a}:bold:lower:medium" for a in ("open", "look", "count", "done")]


async def press(client: BotClient, dispatcher: Dispatcher, bot: Bot, data: str) -> CallbackRecord:
    """A press with any callback_data (a tampered client) on the latest bot message."""
    target = client.emulator.last_message(client.chat.id)
    assert target is not None
    record = client.emulator.user_clicks(client.user, target, data, strict=False, enqueue=False)
    assert record.update is not None
    await dispatcher.feed_raw_update(bot, record.update)
    return await client.wait_for_answer(record)


@pytest.mark.parametrize("template", TEMPLATES)
async def test_out_of_range_numbers_are_stale_buttons(
    chat: ClientFactory, dispatcher: Dispatcher, bot: Bot, template: str
) -> None:
    client = chat(6101, "Eve", "en")
    await client.command("start")
    await client.wait_for_reply()
    for data in [template.format(n=n) for n in HUGE] + [template.format(n=-5)]:
        if data.startswith("vc:adjust") and data.endswith(":-5"):
            continue  # a negative step is a real button
        answer = await press(client, dispatcher, bot, data)
        assert (answer.show_alert, answer.answer_text) == (True, STALE), data
    assert client.emulator.messages(6101, from_bot=True)[-1].text != (
        "Something went wrong on my side. Nothing was lost; try again in a minute."
    )


async def test_tampered_or_stale_caption_buttons(
    chat: ClientFactory, dispatcher: Dispatcher, bot: Bot
) -> None:
    client = chat(6103, "Eve", "en")
    summary = await order_short(client, "Why cats purr")
    for data in CAPTION_TAMPERED:
        answer = await press(client, dispatcher, bot, data)
        assert (answer.show_alert, answer.answer_text) == (True, STALE), data
    assert client.emulator.message(client.chat.id, summary.message_id).text == summary.text
    await client.command("cancel")
    await client.wait_for_reply()
    for data in CAPTION_OUT_OF_STEP:
        answer = await press(client, dispatcher, bot, data)
        assert (answer.show_alert, answer.answer_text) == (True, STALE), data


async def test_a_double_press_is_answered_quietly(
    chat: ClientFactory, dispatcher: Dispatcher, bot: Bot, emulator: TelegramEmulator
) -> None:
    """Both presses of a double tap reach the bot before the first one's edit; the second
    edit would change nothing, and Telegram says "message is not modified"."""
    client = chat(6102, "Max", "en")
    await client.command("start")
    welcome = await client.wait_for_reply(lambda m: bool(m.buttons))
    data = welcome.callback_data_of("English")
    first, second = (
        emulator.user_clicks(client.user, welcome, data, enqueue=False) for _ in range(2)
    )
    for record in (first, second):
        assert record.update is not None
        await dispatcher.feed_raw_update(bot, record.update)
    await client.wait_for_answer(second)
    assert (second.show_alert, second.answer_text) == (False, None)
    edits = emulator.sent(6102, "editMessageText")
    assert [edit.ok for edit in edits] == [True, False]
    assert "message is not modified" in (edits[1].description or "")
    texts = [m.text for m in emulator.messages(6102, from_bot=True)]
    assert texts.count("Done: I will speak English.") == 1
