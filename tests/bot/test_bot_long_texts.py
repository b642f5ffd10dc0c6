"""A Short whose LLM texts sit at their bounds and are full of `<`, `&`, emoji and Cyrillic,
through the bot: Telegram (the emulator) accepts every message, and an Approve that fails
halfway is retried without sending the video twice."""

import json
from collections.abc import AsyncIterator

import pytest
from aiogram import Bot, Dispatcher
from bot_flows import order_short, wait_preview
from conftest import ClientFactory
from pydantic import SecretStr

from bot.text_limits import CAPTION_LIMIT, TEXT_LIMIT, utf16_len
from core.settings import OpenAISettings, Settings
from jobs.queue import LocalQueue
from pipeline.writers.llm_prompt import (
    MAX_CAPTION_CHARS,
    MAX_DESCRIPTION_CHARS,
    MAX_HASHTAG_CHARS,
    MAX_HASHTAGS,
    MAX_TITLE_CHARS,
    PLATFORMS,
)
from tests.emulators.openai import DEFAULT_KEY, ChatReply, ChatRequest, OpenAIEmulator
from tests.emulators.openai import default_responder as fitting_script
from tests.emulators.telegram import BotClient, StoredMessage, TelegramEmulator

pytestmark = [pytest.mark.render, pytest.mark.timeout(240)]

NASTY = "<b>Кот</b> & 🐈‍⬛ «ёж» </pre> &amp; 😀 "
TOPIC = "Cats < dogs & <b>mice 🐈"  # not valid HTML: it must be quoted
SENT = (
    "sendMessage",
    "sendVideo",
    "sendDocument",
    "sendPhoto",
    "editMessageText",
    "editMessageReplyMarkup",
)


def at_bound(chars: int, start: str = "") -> str:
    return (start + NASTY * (chars // len(NASTY) + 1))[:chars]


def nasty_script(request: ChatRequest) -> ChatReply:
    """A valid script for the request, its texts as long and as awkward as the schema lets."""
    script = json.loads(fitting_script(request).content or "{}")
    script |= {
        "title": at_bound(MAX_TITLE_CHARS),
        "description": at_bound(MAX_DESCRIPTION_CHARS),
        "hashtags": [at_bound(MAX_HASHTAG_CHARS, f"#тег{n}") for n in range(MAX_HASHTAGS)],
        "platform_variants": {
            name: {"title": at_bound(MAX_TITLE_CHARS), "caption": at_bound(MAX_CAPTION_CHARS)}
            for name in PLATFORMS
        },
    }
    return ChatReply.of_json(script)


@pytest.fixture
async def openai_emulator() -> AsyncIterator[OpenAIEmulator]:
    async with OpenAIEmulator(responder=nasty_script) as emulator:
        yield emulator
        emulator.assert_no_internal_errors()


@pytest.fixture
def settings(settings: Settings, openai_emulator: OpenAIEmulator) -> Settings:
    """The bot tests' settings, scripts written by the LLM writer on the OpenAI emulator."""
    openai = OpenAISettings(
        base_url=openai_emulator.api_base, api_key=SecretStr(DEFAULT_KEY), timeout_s=10
    )
    providers = settings.providers.model_copy(update={"script": "openai", "openai": openai})
    return settings.model_copy(update={"providers": providers})


async def press_twice(
    client: BotClient, message: StoredMessage, button: str, dispatcher: Dispatcher, bot: Bot
) -> None:
    """Two presses of one button, both made before the bot handles either (a double tap)."""
    data = message.callback_data_of(button)
    emulator = client.emulator
    records = [emulator.user_clicks(client.user, message, data, enqueue=False) for _ in "12"]
    for record in records:
        assert record.update is not None
        await dispatcher.feed_raw_update(bot, record.update)
        await client.wait_for_answer(record)


def refused(emulator: TelegramEmulator, chat_id: int) -> list[str]:
    return [
        f"{r.method}: {r.description}"
        for method in SENT
        for r in emulator.sent(chat_id, method)
        if not r.ok
    ]


async def test_long_awkward_texts_are_all_accepted_and_approve_is_retried_once(
    *,
    chat: ClientFactory,
    emulator: TelegramEmulator,
    queue: LocalQueue,
    dispatcher: Dispatcher,
    bot: Bot,
) -> None:
    olga = chat(6201, "Olga", "en")
    await order_short(olga, TOPIC)
    await olga.click("✅ Create")
    preview = await wait_preview(olga, queue)
    assert utf16_len(preview.caption or "") <= CAPTION_LIMIT
    assert "<b>Кот</b> & 🐈‍⬛" in (preview.caption or "")  # shown as typed, not as markup
    assert any(TOPIC in (m.text or "") for m in emulator.messages(6201, from_bot=True))
    await olga.click("✏️ Edit text")
    await olga.wait_for_reply(lambda m: "Current text" in (m.text or ""))
    await olga.command("cancel")
    await olga.wait_for_reply()

    # Approve, and the SRT fails to send: the video is out, the rest is not.
    emulator.faults.server_error("sendDocument")
    await olga.wait_for_answer(await olga.click("✅ Approve", message=preview))
    assert refused(emulator, 6201) == ["sendDocument: Internal Server Error"]
    assert len(emulator.sent(6201, "sendVideo", ok=True)) == 2  # the preview, the final one
    # The buttons stayed: approving again (pressed twice) sends only what is missing.
    await press_twice(olga, preview, "✅ Approve", dispatcher, bot)
    assert len(emulator.sent(6201, "sendVideo", ok=True)) == 2
    assert len(emulator.sent(6201, "sendDocument", ok=True)) == 1
    texts = [m.text or "" for m in emulator.messages(6201, from_bot=True)]
    assert texts.count("✅ Approved! Here are the final files.") == 1
    (pasted,) = [t for t in texts if t.startswith("Title")]
    assert utf16_len(pasted) <= TEXT_LIMIT
    assert at_bound(MAX_TITLE_CHARS).strip() in pasted
    assert "#" + "".join(at_bound(MAX_HASHTAG_CHARS, "#тег9").lstrip("#").split()) in pasted
    assert emulator.message(6201, preview.message_id).buttons == []

    await olga.command("shorts")
    await olga.click(1)
    await olga.wait_for_reply(lambda m: (m.text or "").startswith("Script"))
    assert refused(emulator, 6201) == [
        "sendDocument: Internal Server Error",
        "editMessageReplyMarkup: Bad Request: message is not modified: specified new message "
        "content and reply markup are exactly the same as a current content and reply markup "
        "of the message",
    ]
