"""What the emulated model answers: `ChatRequest` in, `ChatReply` out.

A test scripts the model by queueing replies (`OpenAIEmulator.reply_with`) or by setting
`OpenAIEmulator.responder`; otherwise `default_responder` answers: for `json_schema` a value
that satisfies the schema (a Short script when the schema asks for one), for `json_object`
a script JSON, for plain text the script's narration. All are built from the prompt.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from .schema_fill import fill_schema

FinishReason = Literal["stop", "length", "content_filter", "tool_calls"]


def message_text(message: dict[str, Any]) -> str:
    """Text of one chat message: a string, or the `text` parts of a parts list."""
    content = message.get("content")
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return " ".join(
            str(part.get("text", ""))
            for part in content
            if isinstance(part, dict) and part.get("type") == "text"
        )
    return ""


@dataclass(frozen=True)
class ChatRequest:
    """The parts of a chat completion request a responder needs; `body` is all of it."""

    model: str
    messages: list[dict[str, Any]]
    body: dict[str, Any]

    @property
    def response_format(self) -> dict[str, Any]:
        value = self.body.get("response_format")
        return value if isinstance(value, dict) else {"type": "text"}

    @property
    def mode(self) -> str:
        """ "text", "json_object" or "json_schema"."""
        return str(self.response_format.get("type", "text"))

    @property
    def schema(self) -> dict[str, Any] | None:
        spec = self.response_format.get("json_schema")
        return spec.get("schema") if isinstance(spec, dict) else None

    @property
    def last_user_text(self) -> str:
        users = [m for m in self.messages if m.get("role") == "user"]
        return message_text(users[-1]) if users else ""

    @property
    def system_text(self) -> str:
        return "\n".join(
            message_text(m) for m in self.messages if m.get("role") in ("system", "developer")
        )


@dataclass(frozen=True)
class ChatReply:
    """One assistant message. `content=None` with `refusal` is a Structured Outputs refusal."""

    content: str | None
    finish_reason: FinishReason = "stop"
    refusal: str | None = None

    @classmethod
    def of_json(cls, value: Any) -> ChatReply:
        return cls(json.dumps(value, ensure_ascii=False))

    @classmethod
    def refused(cls, reason: str = "I'm sorry, I can't help with that.") -> ChatReply:
        return cls(None, refusal=reason)


Responder = Callable[[ChatRequest], ChatReply | str | dict[str, Any] | list[Any]]


def as_reply(value: ChatReply | str | dict[str, Any] | list[Any]) -> ChatReply:
    """Strings are sent as-is (malformed JSON included); dicts and lists as JSON text."""
    if isinstance(value, ChatReply):
        return value
    if isinstance(value, str):
        return ChatReply(value)
    return ChatReply.of_json(value)


def topic_of(prompt: str) -> str:
    line = next((part.strip() for part in prompt.splitlines() if part.strip()), "your topic")
    return line[:80].rstrip(" .:")


def script_for(topic: str) -> dict[str, Any]:
    """A script shaped like `pipeline.writers.base.ScriptDraft`, in the prompt's script."""
    russian = bool(re.search("[а-яё]", topic, re.IGNORECASE))
    hook = f"Что вы не знали о теме «{topic}»?" if russian else f"What nobody tells you: {topic}"
    points = (
        [f"Первый факт о теме «{topic}».", "Второй факт, который удивляет.", "Третий шаг."]
        if russian
        else [f"First fact about {topic}.", "A second, surprising fact.", "One step to try."]
    )
    cta = "Подпишитесь, чтобы узнать больше." if russian else "Follow for more."
    texts = [hook, *points, cta]
    words = [w.strip("«».,?!:").lower() for w in topic.split() if len(w) > 3]
    return {
        "language": "ru" if russian else "en",
        "hook": hook,
        "points": points,
        "cta": cta,
        "scenes": [
            {
                "text": text,
                "visual_prompt": f"Vertical illustration: {topic}, scene {i + 1}",
                "duration": 6.0,
            }
            for i, text in enumerate(texts)
        ],
        "title": topic[:60],
        "description": f"{hook} {cta}",
        "hashtags": [f"#{w}" for w in words[:5]] or ["#shorts"],
    }


def default_responder(request: ChatRequest) -> ChatReply:
    topic = topic_of(request.last_user_text)
    script = script_for(topic)
    if request.mode == "json_schema" and request.schema is not None:
        return ChatReply.of_json(fill_schema(request.schema, words=topic.split(), hint=script))
    if request.mode == "json_object":
        return ChatReply.of_json(script)
    return ChatReply(" ".join(scene["text"] for scene in script["scenes"]))
