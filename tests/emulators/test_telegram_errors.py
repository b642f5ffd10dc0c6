"""Error envelopes and fault injection as aiogram sees them, plus raw HTTP encodings."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from typing import Any

import aiohttp
import pytest
from aiogram import Bot
from aiogram.exceptions import (
    ClientDecodeError,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramNotFound,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)

from .telegram import EmuUser, TelegramEmulator
from .telegram.params import Params
from .telegram.registry import HANDLERS
from .telegram.state import EmulatorState


async def test_unknown_token_is_401(emulator: TelegramEmulator) -> None:
    async with emulator.create_bot("654321:WRONG") as stranger:
        with pytest.raises(TelegramUnauthorizedError, match="Unauthorized"):
            await stranger.get_me()
    (request,) = emulator.requests
    assert (request.status, request.token) == (401, "654321:WRONG")


async def test_unimplemented_method_is_404_and_recorded(
    bot: Bot, emulator: TelegramEmulator, alice: EmuUser
) -> None:
    with pytest.raises(TelegramNotFound, match="Not Found"):
        await bot.send_poll(alice.id, "Best?", options=["a", "b"])
    assert [r.method for r in emulator.unimplemented()] == ["sendPoll"]


async def test_retry_after_once_then_success(
    bot: Bot, emulator: TelegramEmulator, alice: EmuUser
) -> None:
    emulator.faults.retry_after("sendMessage", 3)

    with pytest.raises(TelegramRetryAfter) as raised:
        await bot.send_message(alice.id, "hi")
    assert raised.value.retry_after == 3
    await bot.send_message(alice.id, "hi")

    limited, delivered = emulator.sent(alice.id, "sendMessage")
    assert (limited.status, limited.fault, limited.response) == (
        429,
        "retry_after",
        {
            "ok": False,
            "error_code": 429,
            "description": "Too Many Requests: retry after 3",
            "parameters": {"retry_after": 3},
        },
    )
    assert delivered.ok
    assert [m.text for m in emulator.messages(alice.id)] == ["hi"]


async def test_server_errors(bot: Bot, emulator: TelegramEmulator, alice: EmuUser) -> None:
    emulator.faults.server_error("sendMessage", times=2)
    emulator.faults.bad_gateway("getMe")
    emulator.faults.blocked("sendVideo")

    for _ in range(2):
        with pytest.raises(TelegramServerError):
            await bot.send_message(alice.id, "hi")
    with pytest.raises(ClientDecodeError):
        await bot.get_me()
    with pytest.raises(TelegramForbiddenError, match="blocked"):
        await bot.send_video(alice.id, "any")
    await bot.send_message(alice.id, "third time lucky")
    assert [r.status for r in emulator.requests] == [500, 500, 502, 403, 200]


async def test_hang_and_delay(bot: Bot, emulator: TelegramEmulator, alice: EmuUser) -> None:
    emulator.faults.hang("sendMessage")
    with pytest.raises(TelegramNetworkError, match="timeout"):
        await bot.send_message(alice.id, "hello", request_timeout=1)

    emulator.faults.delay("getMe", 0.3)
    loop = asyncio.get_running_loop()
    started = loop.time()
    await bot.get_me()
    assert loop.time() - started >= 0.3


async def test_raw_inject_for_any_method(bot: Bot, emulator: TelegramEmulator) -> None:
    emulator.inject("*", 400, {"ok": False, "error_code": 400, "description": "Bad Request: x"})
    with pytest.raises(Exception, match="Bad Request: x"):
        await bot.get_me()
    assert (await bot.get_me()).is_bot


@pytest.fixture
def exploding_method() -> Iterator[str]:
    async def explode(st: EmulatorState, p: Params) -> Any:
        raise RuntimeError("boom")

    HANDLERS["explodefortest"] = explode
    yield "explodeForTest"
    del HANDLERS["explodefortest"]


async def test_emulator_bugs_answer_500_and_are_reported(
    emulator: TelegramEmulator, exploding_method: str
) -> None:
    async with (
        aiohttp.ClientSession() as http,
        http.post(f"{emulator.base_url}/bot{emulator.token}/{exploding_method}") as resp,
    ):
        assert resp.status == 500
        assert (await resp.json())["description"] == "Internal Server Error: boom"
    with pytest.raises(AssertionError, match="boom"):
        emulator.assert_no_internal_errors()
    emulator.state.internal_errors.clear()


async def test_get_query_json_body_and_case_insensitive_names(
    emulator: TelegramEmulator, alice: EmuUser
) -> None:
    base = f"{emulator.base_url}/bot{emulator.token}"
    markup = {"inline_keyboard": [[{"text": "Go", "callback_data": "go"}]]}
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{base}/GETME") as resp:
            assert (await resp.json())["result"]["id"] == 123456
        async with http.post(
            f"{base}/sendMessage", json={"chat_id": alice.id, "text": "hi", "reply_markup": markup}
        ) as resp:
            assert (await resp.json())["result"]["reply_markup"] == markup
        async with http.get(
            f"{base}/sendMessage",
            params={"chat_id": alice.id, "text": "hey", "reply_markup": "{broken"},
        ) as resp:
            body = await resp.json()
            assert (resp.status, body["description"]) == (
                400,
                "Bad Request: can't parse reply keyboard markup JSON object",
            )
        async with http.get(f"{emulator.base_url}/file/bot{emulator.token}/nope") as resp:
            assert resp.status == 404
            assert json.loads(await resp.text())["error_code"] == 404
    assert [r.http_method for r in emulator.requests] == ["GET", "POST", "GET", "GET"]
