"""getUpdates long polling semantics and webhook delivery."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest, TelegramConflictError
from aiohttp import web

from .telegram import EmuUser, TelegramEmulator


async def test_long_poll_waits_for_an_update(
    bot: Bot, emulator: TelegramEmulator, alice: EmuUser
) -> None:
    poll = asyncio.create_task(bot.get_updates(timeout=5))
    await emulator.wait_until_polling()
    assert not poll.done()
    message = emulator.user_sends_text(alice, None, "/start")

    updates = await asyncio.wait_for(poll, 2)
    assert [u.update_id for u in updates] == [message.update["update_id"]]  # type: ignore[index]
    assert updates[0].message is not None
    assert updates[0].message.text == "/start"


async def test_timeout_returns_empty_list(bot: Bot) -> None:
    loop = asyncio.get_running_loop()
    started = loop.time()
    assert await bot.get_updates(timeout=1) == []
    assert 0.9 <= loop.time() - started < 2


async def test_offset_confirms_and_allowed_updates_filter(
    bot: Bot, emulator: TelegramEmulator, alice: EmuUser
) -> None:
    first = emulator.user_sends_text(alice, None, "one")
    emulator.user_blocks_bot(alice)
    emulator.user_unblocks_bot(alice)
    third = emulator.user_sends_text(alice, None, "two")
    assert first.update is not None
    assert third.update is not None

    unconfirmed = await bot.get_updates()
    assert len(unconfirmed) == 4
    assert len(await bot.get_updates()) == 4

    updates = await bot.get_updates(
        offset=first.update["update_id"] + 1, allowed_updates=["message"]
    )
    assert [u.message.text for u in updates if u.message] == ["two"]
    assert len(updates) == 1  # my_chat_member updates are not delivered
    assert await bot.get_updates(offset=third.update["update_id"] + 1) == []
    assert emulator.pending_updates == []


async def test_second_poller_terminates_the_first(bot: Bot, emulator: TelegramEmulator) -> None:
    first = asyncio.create_task(bot.get_updates(timeout=5))
    await emulator.wait_until_polling()
    second = asyncio.create_task(bot.get_updates(timeout=1))
    with pytest.raises(TelegramConflictError, match="terminated by other getUpdates"):
        await asyncio.wait_for(first, 2)
    assert await second == []


@contextlib.asynccontextmanager
async def webhook_receiver() -> AsyncIterator[tuple[str, list[dict[str, Any]], list[str]]]:
    """A bot-side webhook endpoint that fails once with 500, then accepts."""
    received: list[dict[str, Any]] = []
    secrets: list[str] = []
    failures = [1]

    async def handle(request: web.Request) -> web.Response:
        if failures[0]:
            failures[0] -= 1
            return web.Response(status=500)
        secrets.append(request.headers.get("X-Telegram-Bot-Api-Secret-Token", ""))
        received.append(await request.json())
        return web.json_response({})

    app = web.Application()
    app.router.add_post("/hook", handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    try:
        yield f"http://{host}:{port}/hook", received, secrets
    finally:
        await runner.cleanup()


async def test_webhook_delivery_with_secret_and_retry(
    bot: Bot, emulator: TelegramEmulator, alice: EmuUser
) -> None:
    emulator.webhooks.retry_delay = 0.05
    with pytest.raises(TelegramBadRequest, match="loopback"):
        await bot.set_webhook("https://example.org/hook")
    async with webhook_receiver() as (url, received, secrets):
        await bot.set_webhook(url, secret_token="s3cret")  # noqa: S106
        with pytest.raises(TelegramConflictError, match="webhook is active"):
            await bot.get_updates()
        message = emulator.user_sends_text(alice, None, "via webhook")

        delivered = await emulator.state.updates.notifier.wait_for(
            lambda: message.update not in emulator.pending_updates, 3
        )
        assert delivered
        info = await bot.get_webhook_info()
        assert info.url == url
        assert info.pending_update_count == 0
        assert info.last_error_message is not None
        assert "500" in info.last_error_message
        await bot.delete_webhook()
    assert received[0]["message"]["text"] == "via webhook"
    assert secrets == ["s3cret"]
