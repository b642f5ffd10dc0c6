"""Chat completions through the real `openai` client: plain answers, usage, validation."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import openai
import pytest
from openai.types.chat import ChatCompletionMessageParam

from .openai import OpenAIEmulator

USER: list[ChatCompletionMessageParam] = [{"role": "user", "content": "Why octopuses are smart"}]


@pytest.fixture
async def openai_emu() -> AsyncIterator[OpenAIEmulator]:
    async with OpenAIEmulator() as emulator:
        yield emulator
        emulator.assert_no_internal_errors()


@pytest.fixture
async def client(openai_emu: OpenAIEmulator) -> AsyncIterator[openai.AsyncOpenAI]:
    async with openai_emu.client(max_retries=0) as real_client:
        yield real_client


async def test_plain_chat_answers_text_and_counts_tokens(
    openai_emu: OpenAIEmulator, client: openai.AsyncOpenAI
) -> None:
    messages: list[ChatCompletionMessageParam] = [
        {"role": "system", "content": "Be brief."},
        *USER,
    ]
    completion = await client.chat.completions.create(
        model="gpt-4o-mini", messages=messages, temperature=0.2
    )

    content = completion.choices[0].message.content
    assert content is not None
    assert "Why octopuses are smart" in content
    assert completion.choices[0].finish_reason == "stop"
    assert completion.usage is not None
    assert completion.usage.prompt_tokens == 2 + 4  # whitespace words of both messages
    assert completion.usage.completion_tokens == len(content.split())
    assert completion.usage.total_tokens == completion.usage.prompt_tokens + len(content.split())
    record = openai_emu.requests.last("chat")
    assert record.auth == "ok"
    assert record.header("authorization") == "<redacted>"
    assert record.header("x-stainless-retry-count") == "0"
    assert record.json == {"model": "gpt-4o-mini", "messages": messages, "temperature": 0.2}
    assert record.notes == {"prompt_tokens": 6, "completion_tokens": len(content.split())}


async def test_n_choices(client: openai.AsyncOpenAI) -> None:
    completion = await client.chat.completions.create(model="gpt-4o-mini", messages=USER, n=2)
    assert [choice.index for choice in completion.choices] == [0, 1]


@pytest.mark.parametrize(
    ("kwargs", "param"),
    [
        ({"messages": []}, "messages"),
        ({"messages": [{"role": "robot", "content": "x"}]}, "messages[0].role"),
        ({"messages": USER, "stream": True}, "stream"),
        (
            {"messages": USER, "response_format": {"type": "json_schema", "json_schema": {}}},
            "response_format.json_schema.name",
        ),
    ],
)
async def test_invalid_requests_are_400(
    client: openai.AsyncOpenAI, kwargs: dict[str, object], param: str
) -> None:
    with pytest.raises(openai.BadRequestError) as caught:
        await client.chat.completions.create(model="gpt-4o-mini", **kwargs)  # type: ignore[call-overload]  # deliberately invalid
    assert caught.value.status_code == 400
    assert caught.value.param == param
    assert caught.value.type == "invalid_request_error"


async def test_unknown_model_is_404(client: openai.AsyncOpenAI) -> None:
    with pytest.raises(openai.NotFoundError) as caught:
        await client.chat.completions.create(model="gpt-9", messages=USER)
    assert caught.value.code == "model_not_found"


async def test_models_list_and_get(client: openai.AsyncOpenAI) -> None:
    names = [model.id async for model in client.models.list()]
    assert "gpt-4o-mini" in names
    assert "whisper-1" in names
    assert (await client.models.retrieve("tts-1")).id == "tts-1"


async def test_any_model_when_models_is_none() -> None:
    async with (
        OpenAIEmulator(models=None) as emulator,
        emulator.client(max_retries=0) as client,
    ):
        completion = await client.chat.completions.create(model="llama3.1:8b", messages=USER)
    assert completion.model == "llama3.1:8b"


async def test_a_sync_client_works_from_a_worker_thread(openai_emu: OpenAIEmulator) -> None:
    """The emulator runs on the test's loop: call blocking clients through a thread."""

    def call() -> str | None:
        with openai.OpenAI(
            api_key=openai_emu.state.api_key, base_url=openai_emu.api_base, max_retries=0
        ) as client:
            completion = client.chat.completions.create(model="gpt-4o-mini", messages=USER)
        return completion.choices[0].message.content

    assert await asyncio.to_thread(call)
