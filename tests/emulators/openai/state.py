"""The OpenAI emulator's mutable state: key, models, scripted replies, transcripts, files."""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from .common import RECORD_KEY, RecordedRequest, ServiceError
from .responders import ChatReply, Responder, default_responder

DEFAULT_MODELS = (
    "gpt-4o-mini", "gpt-4o", "gpt-4.1-mini", "gpt-4.1", "gpt-5-mini", "gpt-5", "o4-mini",
    "whisper-1", "gpt-4o-transcribe", "gpt-4o-mini-transcribe",
    "tts-1", "tts-1-hd", "gpt-4o-mini-tts", "gpt-image-1", "dall-e-3", "dall-e-2",
)  # fmt: skip
DEFAULT_TRANSCRIPTS = {
    "en": "This is the emulator speaking. Every word here gets its own timing.",
    "ru": "Это говорит эмулятор. У каждого слова здесь есть своё время.",
}


@dataclass(frozen=True)
class TranscriptionRequest:
    model: str
    language: str | None
    prompt: str | None
    filename: str | None
    audio: bytes = field(repr=False)
    duration: float


Transcriber = Callable[[TranscriptionRequest], str]


@dataclass
class OpenAIState:
    api_key: str
    models: tuple[str, ...] | None
    clock: Callable[[], float]
    responder: Responder = default_responder
    replies: deque[ChatReply | str | dict[str, Any] | list[Any]] = field(default_factory=deque)
    transcript: str | Transcriber | None = None
    files: dict[str, tuple[bytes, str]] = field(default_factory=dict)
    base_url: Callable[[], str] = lambda: ""
    _ids: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    def next_id(self, prefix: str) -> str:
        return f"{prefix}{next(self._ids):06d}"

    def now(self) -> int:
        return int(self.clock())

    def check_model(self, model: Any, param: str = "model") -> str:
        if not isinstance(model, str) or not model:
            raise ServiceError(400, "", f"you must provide a {param} parameter", param=param)
        if self.models is not None and model not in self.models:
            raise ServiceError(
                404,
                "model_not_found",
                f"The model `{model}` does not exist or you do not have access to it.",
                param=param,
            )
        return model

    def transcript_for(self, request: TranscriptionRequest) -> str:
        if callable(self.transcript):
            return self.transcript(request)
        if self.transcript is not None:
            return self.transcript
        return DEFAULT_TRANSCRIPTS.get(request.language or "en", DEFAULT_TRANSCRIPTS["en"])


def record_of(request: web.Request) -> RecordedRequest:
    return request[RECORD_KEY]


def json_body(request: web.Request) -> dict[str, Any]:
    """The request's JSON object, or the 400 OpenAI sends for a body it cannot parse."""
    body = record_of(request).json
    if not isinstance(body, dict):
        raise ServiceError(
            400,
            "",
            "We could not parse the JSON body of your request. (HINT: This likely means you "
            "aren't using your HTTP library correctly.)",
        )
    return body


def invalid(message: str, param: str | None = None, code: str = "") -> ServiceError:
    return ServiceError(400, code, message, param=param)
