"""Structured output through the real `openai` client: parse(), JSON mode, scripted replies."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import openai
import pytest
from openai.types.chat import ChatCompletionMessageParam
from pydantic import BaseModel, ValidationError

from pipeline.writers.base import ScriptDraft

from .openai import ChatReply, ChatRequest, OpenAIEmulator

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


async def test_parse_fills_a_pydantic_script(
    openai_emu: OpenAIEmulator, client: openai.AsyncOpenAI
) -> None:
    completion = await client.chat.completions.parse(
        model="gpt-4o-mini", messages=USER, response_format=ScriptDraft
    )

    script = completion.choices[0].message.parsed
    assert isinstance(script, ScriptDraft)
    assert script.language == "en"
    assert "octopuses" in script.hook
    assert len(script.scenes) == len(script.points) + 2
    assert all(scene.duration > 0 for scene in script.scenes)
    sent = openai_emu.requests.last("chat").json["response_format"]
    assert sent["type"] == "json_schema"
    assert sent["json_schema"]["name"] == "ScriptDraft"
    assert sent["json_schema"]["strict"] is True


async def test_any_schema_gets_a_conforming_answer(client: openai.AsyncOpenAI) -> None:
    class Verdict(BaseModel):
        score: int
        labels: list[str]
        safe: bool
        note: str | None

    completion = await client.chat.completions.parse(
        model="gpt-4o-mini", messages=USER, response_format=Verdict
    )

    parsed = completion.choices[0].message.parsed
    assert isinstance(parsed, Verdict)
    assert parsed.labels
    assert parsed.safe is True


async def test_json_mode_returns_a_script_object(client: openai.AsyncOpenAI) -> None:
    completion = await client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": "Почему осьминоги умные? Answer in JSON."}],
        response_format={"type": "json_object"},
    )

    script = ScriptDraft.model_validate_json(completion.choices[0].message.content or "")
    assert script.language == "ru"


async def test_json_mode_requires_the_word_json(client: openai.AsyncOpenAI) -> None:
    with pytest.raises(openai.BadRequestError) as caught:
        await client.chat.completions.create(
            model="gpt-4o-mini", messages=USER, response_format={"type": "json_object"}
        )
    assert caught.value.param == "messages"


async def test_responder_hook_sees_the_request(
    openai_emu: OpenAIEmulator, client: openai.AsyncOpenAI
) -> None:
    seen: list[ChatRequest] = []

    def responder(request: ChatRequest) -> dict[str, str]:
        seen.append(request)
        return {"echo": request.last_user_text, "system": request.system_text}

    openai_emu.responder = responder
    completion = await client.chat.completions.create(
        model="gpt-4.1-mini",
        messages=[{"role": "developer", "content": "rules"}, *USER],
        response_format={"type": "text"},
    )

    assert json.loads(completion.choices[0].message.content or "") == {
        "echo": "Why octopuses are smart",
        "system": "rules",
    }
    assert seen[0].model == "gpt-4.1-mini"
    assert seen[0].mode == "text"


async def test_queued_replies_come_first_and_malformed_json_is_delivered_as_is(
    openai_emu: OpenAIEmulator, client: openai.AsyncOpenAI
) -> None:
    openai_emu.reply_with('{"hook": "cut off', '{"hook": "cut off')

    raw = await client.chat.completions.create(model="gpt-4o-mini", messages=USER)
    assert raw.choices[0].message.content == '{"hook": "cut off'
    with pytest.raises(ValidationError):
        await client.chat.completions.parse(
            model="gpt-4o-mini", messages=USER, response_format=ScriptDraft
        )
    again = await client.chat.completions.create(model="gpt-4o-mini", messages=USER)
    assert again.choices[0].message.content != '{"hook": "cut off'  # queue drained


async def test_max_completion_tokens_truncates_with_finish_reason_length(
    client: openai.AsyncOpenAI,
) -> None:
    completion = await client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": "Why octopuses are smart. Reply in JSON."}],
        response_format={"type": "json_object"},
        max_completion_tokens=5,
    )

    choice = completion.choices[0]
    assert choice.finish_reason == "length"
    assert len((choice.message.content or "").split()) == 5
    with pytest.raises(json.JSONDecodeError):
        json.loads(choice.message.content or "")
    with pytest.raises(openai.LengthFinishReasonError):
        await client.chat.completions.parse(
            model="gpt-4o-mini",
            messages=USER,
            response_format=ScriptDraft,
            max_completion_tokens=5,
        )


async def test_refusal_reaches_message_refusal(
    openai_emu: OpenAIEmulator, client: openai.AsyncOpenAI
) -> None:
    openai_emu.reply_with(ChatReply.refused("I can't write that."))

    completion = await client.chat.completions.parse(
        model="gpt-4o-mini", messages=USER, response_format=ScriptDraft
    )

    message = completion.choices[0].message
    assert message.refusal == "I can't write that."
    assert message.parsed is None
    assert message.content is None
