"""POST /v1/chat/completions: validation, scripted or default replies, usage accounting.

Tokens are counted as whitespace-separated words: `prompt_tokens` over the text of every
message, `completion_tokens` over the reply. `max_completion_tokens` (or `max_tokens`)
below the reply's length truncates it to that many words with `finish_reason: "length"`.
"""

from __future__ import annotations

import re
from typing import Any

from aiohttp import web

from .responders import ChatReply, ChatRequest, as_reply, message_text
from .state import OpenAIState, invalid, json_body, record_of

ROLES = {"system", "developer", "user", "assistant", "tool", "function"}
SCHEMA_NAME = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")


def count_tokens(text: str | None) -> int:
    return len(text.split()) if text else 0


def _check_response_format(body: dict[str, Any], messages: list[dict[str, Any]]) -> None:
    spec = body.get("response_format")
    if spec is None:
        return
    kind = spec.get("type") if isinstance(spec, dict) else None
    if kind not in ("text", "json_object", "json_schema"):
        raise invalid(f"Invalid value: {kind!r}.", "response_format.type", "invalid_value")
    if kind == "json_object" and not any("json" in message_text(m).lower() for m in messages):
        raise invalid(
            "'messages' must contain the word 'json' in some form, to use "
            "'response_format' of type 'json_object'.",
            "messages",
        )
    if kind == "json_schema":
        schema = spec.get("json_schema")
        if not isinstance(schema, dict) or not SCHEMA_NAME.match(str(schema.get("name", ""))):
            raise invalid("Missing or invalid 'name'.", "response_format.json_schema.name")
        if not isinstance(schema.get("schema"), dict):
            raise invalid("Missing 'schema'.", "response_format.json_schema.schema")


def _validate(state: OpenAIState, body: dict[str, Any]) -> ChatRequest:
    model = state.check_model(body.get("model"))
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        raise invalid("[] is too short - 'messages'", "messages", "empty_array")
    for index, message in enumerate(messages):
        if not isinstance(message, dict) or message.get("role") not in ROLES:
            raise invalid(f"Invalid 'messages[{index}].role'.", f"messages[{index}].role")
    if body.get("stream"):
        raise invalid("This emulator does not stream; call without stream=true.", "stream")
    _check_response_format(body, messages)
    return ChatRequest(model=model, messages=messages, body=body)


def _limit(reply: ChatReply, body: dict[str, Any]) -> ChatReply:
    limit = body.get("max_completion_tokens", body.get("max_tokens"))
    if not isinstance(limit, int) or reply.content is None:
        return reply
    words = reply.content.split()
    if len(words) <= limit:
        return reply
    return ChatReply(" ".join(words[:limit]), finish_reason="length")


class ChatApi:
    def __init__(self, state: OpenAIState) -> None:
        self.state = state

    def _reply(self, request: ChatRequest) -> ChatReply:
        if self.state.replies:
            return as_reply(self.state.replies.popleft())
        return as_reply(self.state.responder(request))

    async def completions(self, request: web.Request) -> web.Response:
        body = json_body(request)
        chat = _validate(self.state, body)
        count = body.get("n", 1)
        if not isinstance(count, int) or not 1 <= count <= 128:
            raise invalid(f"Invalid 'n': {count!r}.", "n", "invalid_value")
        replies = [_limit(self._reply(chat), body) for _ in range(count)]
        prompt_tokens = sum(count_tokens(message_text(m)) for m in chat.messages)
        completion_tokens = sum(count_tokens(r.content or r.refusal) for r in replies)
        record = record_of(request)
        record.notes.update(prompt_tokens=prompt_tokens, completion_tokens=completion_tokens)
        payload = {
            "id": self.state.next_id("chatcmpl-emu"),
            "object": "chat.completion",
            "created": self.state.now(),
            "model": chat.model,
            "system_fingerprint": "fp_emulator",
            "service_tier": "default",
            "choices": [
                {
                    "index": index,
                    "finish_reason": reply.finish_reason,
                    "logprobs": None,
                    "message": {
                        "role": "assistant",
                        "content": reply.content,
                        "refusal": reply.refusal,
                        "annotations": [],
                    },
                }
                for index, reply in enumerate(replies)
            ],
            "usage": {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": completion_tokens,
                "total_tokens": prompt_tokens + completion_tokens,
                "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
                "completion_tokens_details": {
                    "reasoning_tokens": 0,
                    "audio_tokens": 0,
                    "accepted_prediction_tokens": 0,
                    "rejected_prediction_tokens": 0,
                },
            },
        }
        headers = {"x-request-id": self.state.next_id("req_emu"), "openai-processing-ms": "1"}
        return web.json_response(payload, headers=headers)
