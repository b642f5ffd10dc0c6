"""OpenAI faults against the real client: auth, 429 + Retry-After, quota, 5xx, slow, mangled.

The client retries 408/409/429/5xx by itself (`max_retries`, default 2): these tests pin
that behaviour down, since our code must not add its own loop on top of it.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import openai
import pytest
from openai.types.chat import ChatCompletionMessageParam

from .openai import OpenAIEmulator

USER: list[ChatCompletionMessageParam] = [{"role": "user", "content": "Hello"}]


@pytest.fixture
async def openai_emu() -> AsyncIterator[OpenAIEmulator]:
    async with OpenAIEmulator() as emulator:
        yield emulator
        emulator.assert_no_internal_errors()


async def chat(client: openai.AsyncOpenAI) -> str | None:
    completion = await client.chat.completions.create(model="gpt-4o-mini", messages=USER)
    return completion.choices[0].message.content


async def test_bad_key_is_authentication_error(openai_emu: OpenAIEmulator) -> None:
    async with openai_emu.client(api_key="sk-wrong", max_retries=2) as client:
        with pytest.raises(openai.AuthenticationError) as caught:
            await chat(client)

    assert caught.value.status_code == 401
    assert caught.value.code == "invalid_api_key"
    assert [r.auth for r in openai_emu.requests.to("chat")] == ["bad"]  # 401 is not retried


async def test_injected_401_then_success(openai_emu: OpenAIEmulator) -> None:
    openai_emu.faults.unauthorized("chat")
    async with openai_emu.client(max_retries=0) as client:
        with pytest.raises(openai.AuthenticationError):
            await chat(client)
        assert await chat(client)
    assert openai_emu.requests.statuses("chat") == [401, 200]


async def test_429_with_retry_after_is_retried_by_the_client(openai_emu: OpenAIEmulator) -> None:
    openai_emu.faults.rate_limited("chat", retry_after=0.2)
    async with openai_emu.client(max_retries=2) as client:
        assert await chat(client)

    first, second = openai_emu.requests.to("chat")
    assert (first.status, second.status) == (429, 200)
    assert first.fault == "rate_limited"
    assert first.header("x-stainless-retry-count") == "0"
    assert second.header("x-stainless-retry-count") == "1"


async def test_429_surfaces_with_its_headers_when_retries_are_off(
    openai_emu: OpenAIEmulator,
) -> None:
    openai_emu.faults.rate_limited("chat", retry_after=0.2)
    async with openai_emu.client(max_retries=0) as client:
        with pytest.raises(openai.RateLimitError) as caught:
            await chat(client)

    assert caught.value.code == "rate_limit_exceeded"
    assert caught.value.response.headers["retry-after"] == "0.2"
    assert caught.value.response.headers["x-ratelimit-remaining-requests"] == "0"


async def test_retry_after_beyond_two_minutes_is_not_retried(openai_emu: OpenAIEmulator) -> None:
    openai_emu.faults.rate_limited("chat", retry_after=600)
    async with openai_emu.client(max_retries=2) as client:
        with pytest.raises(openai.RateLimitError):
            await chat(client)
    assert openai_emu.requests.count("chat") == 1


async def test_insufficient_quota_is_a_rate_limit_error_with_its_code(
    openai_emu: OpenAIEmulator,
) -> None:
    openai_emu.faults.insufficient_quota("chat", times=5)
    async with openai_emu.client(max_retries=1) as client:
        with pytest.raises(openai.RateLimitError) as caught:
            await chat(client)

    assert caught.value.code == "insufficient_quota"
    assert caught.value.type == "insufficient_quota"
    assert openai_emu.requests.count("chat") == 2  # the client's own retry, nothing more


async def test_x_should_retry_false_stops_the_client(openai_emu: OpenAIEmulator) -> None:
    openai_emu.faults.no_retry(openai_emu.faults.insufficient_quota("chat"))
    async with openai_emu.client(max_retries=2) as client:
        with pytest.raises(openai.RateLimitError):
            await chat(client)
    assert openai_emu.requests.count("chat") == 1


async def test_500_once_then_success(openai_emu: OpenAIEmulator) -> None:
    openai_emu.faults.server_error("chat")
    async with openai_emu.client(max_retries=2) as client:
        assert await chat(client)
    assert openai_emu.requests.statuses("chat") == [500, 200]


async def test_500_three_times_is_internal_server_error_after_3_attempts(
    openai_emu: OpenAIEmulator,
) -> None:
    openai_emu.faults.server_error("chat", times=3)
    async with openai_emu.client(max_retries=2) as client:
        with pytest.raises(openai.InternalServerError) as caught:
            await chat(client)

    assert caught.value.status_code == 500
    assert openai_emu.requests.statuses("chat") == [500, 500, 500]
    retries = [r.header("x-stainless-retry-count") for r in openai_emu.requests.to("chat")]
    assert retries == ["0", "1", "2"]


@pytest.mark.parametrize("status", [502, 503])
async def test_gateway_errors_are_internal_server_errors(
    openai_emu: OpenAIEmulator, status: int
) -> None:
    openai_emu.faults.server_error("chat", status)
    async with openai_emu.client(max_retries=0) as client:
        with pytest.raises(openai.InternalServerError) as caught:
            await chat(client)
    assert caught.value.status_code == status


async def test_slow_response_times_out(openai_emu: OpenAIEmulator) -> None:
    # 1.5 s, not less: on a loaded machine (3 test workers on 2 cores) a 0.3 s timeout once
    # fired before the request reached the emulator at all.
    openai_emu.faults.slow("chat", 10.0)
    async with openai_emu.client(max_retries=0, timeout=1.5) as client:
        with pytest.raises(openai.APITimeoutError):
            await chat(client)

    for _ in range(500):  # the emulator sees the disconnect a moment later
        seen = openai_emu.requests.to("chat")
        if seen and seen[-1].status is not None:
            break
        await asyncio.sleep(0.01)
    assert openai_emu.requests.last("chat").status == 499


async def test_slow_response_within_the_timeout_succeeds(openai_emu: OpenAIEmulator) -> None:
    openai_emu.faults.slow("chat", 0.1)
    async with openai_emu.client(max_retries=0, timeout=5) as client:
        assert await chat(client)
    assert openai_emu.requests.last("chat").fault == "slow 0.1s"


async def test_malformed_body_fails_to_decode(openai_emu: OpenAIEmulator) -> None:
    openai_emu.faults.malformed("chat")
    async with openai_emu.client(max_retries=0) as client:
        with pytest.raises(ValueError, match=r"Unterminated|Expecting"):
            await chat(client)


async def test_truncated_speech_audio(openai_emu: OpenAIEmulator) -> None:
    async with openai_emu.client(max_retries=0) as client:
        whole = await client.audio.speech.create(model="tts-1", voice="echo", input="Hi there")
        openai_emu.faults.malformed("speech")
        cut = await client.audio.speech.create(model="tts-1", voice="echo", input="Hi there")
    assert len(cut.content) == len(whole.content) // 2


async def test_faults_on_any_route(openai_emu: OpenAIEmulator) -> None:
    openai_emu.faults.server_error("*", 503, times=2)
    async with openai_emu.client(max_retries=0) as client:
        with pytest.raises(openai.InternalServerError):
            await client.models.list()
        with pytest.raises(openai.InternalServerError):
            await chat(client)
        assert await chat(client)
    assert openai_emu.faults.pending() == 0
    assert openai_emu.faults.fired == [
        ("models", "server_error 503"),
        ("chat", "server_error 503"),
    ]
