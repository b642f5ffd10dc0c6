"""OpenAIEmulator: chat, transcriptions, speech, images and models under /v1 (openai.md)."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

import openai
from aiohttp import web

from .chat import ChatApi
from .common import AuthState, EmulatorServer, Route, ServiceError
from .faults import OpenAIFaults
from .images import ImagesApi
from .responders import ChatReply, Responder
from .speech import SpeechApi
from .state import DEFAULT_MODELS, OpenAIState, Transcriber

DEFAULT_KEY = "sk-test-emulator"
ERROR_TYPES = {429: "requests", 500: "server_error", 502: "server_error", 503: "server_error"}


class OpenAIEmulator(EmulatorServer[OpenAIFaults]):
    """Serves `POST /v1/chat/completions`, `/v1/audio/transcriptions`, `/v1/audio/speech`,
    `/v1/images/generations`, `GET /v1/models[/{id}]` and image files at `/files/{name}`.

    >>> async with OpenAIEmulator() as emulator:
    ...     async with emulator.client(max_retries=0) as client:
    ...         await client.chat.completions.create(model="gpt-4o-mini", messages=[...])
    """

    def __init__(
        self,
        api_key: str = DEFAULT_KEY,
        *,
        responder: Responder | None = None,
        transcript: str | Transcriber | None = None,
        models: Sequence[str] | None = DEFAULT_MODELS,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.state = OpenAIState(
            api_key=api_key,
            models=tuple(models) if models is not None else None,
            clock=clock,
            transcript=transcript,
            base_url=lambda: self.base_url,
        )
        if responder is not None:
            self.state.responder = responder
        self.chat = ChatApi(self.state)
        self.speech = SpeechApi(self.state)
        self.images = ImagesApi(self.state)
        super().__init__(OpenAIFaults())

    @property
    def api_base(self) -> str:
        """The `base_url` for the client: includes `/v1`."""
        return self.base_url + "/v1"

    @property
    def responder(self) -> Responder:
        return self.state.responder

    @responder.setter
    def responder(self, responder: Responder) -> None:
        self.state.responder = responder

    @property
    def transcript(self) -> str | Transcriber | None:
        return self.state.transcript

    @transcript.setter
    def transcript(self, value: str | Transcriber | None) -> None:
        self.state.transcript = value

    def reply_with(self, *replies: ChatReply | str | dict[str, Any] | list[Any]) -> None:
        """Queue the next chat answers (one per choice); strings are sent verbatim."""
        self.state.replies.extend(replies)

    def client(
        self, *, max_retries: int = 2, timeout: float = 30.0, **kwargs: Any
    ) -> openai.AsyncOpenAI:
        """A real `AsyncOpenAI` pointed here; close it (`async with` or `await close()`)."""
        kwargs.setdefault("api_key", self.state.api_key)
        return openai.AsyncOpenAI(
            base_url=self.api_base, max_retries=max_retries, timeout=timeout, **kwargs
        )

    def routes(self) -> list[Route]:
        return [
            Route("POST", "/v1/chat/completions", self.chat.completions, "chat"),
            Route(
                "POST", "/v1/audio/transcriptions", self.speech.transcriptions, "transcriptions"
            ),
            Route("POST", "/v1/audio/speech", self.speech.speech, "speech"),
            Route("POST", "/v1/images/generations", self.images.generations, "images"),
            Route("GET", "/v1/models", self.images.models, "models"),
            Route("GET", "/v1/models/{model}", self.images.model, "model"),
            Route("GET", "/files/{name}", self.images.file, "files", auth=False),
        ]

    def check_auth(self, request: web.Request) -> AuthState:
        header = request.headers.get("Authorization")
        if not header:
            return "missing"
        return "ok" if header == f"Bearer {self.state.api_key}" else "bad"

    def auth_error(self, state: AuthState) -> ServiceError:
        if state == "missing":
            return ServiceError(
                401,
                "",
                "You didn't provide an API key. You need to provide your API key in an "
                "Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
            )
        return ServiceError(
            401,
            "invalid_api_key",
            "Incorrect API key provided: sk-***. You can find your "
            "API key at https://platform.openai.com/account/api-keys.",
        )

    def error_response(self, error: ServiceError) -> web.Response:
        kind = ERROR_TYPES.get(error.status, "invalid_request_error")
        if error.code == "insufficient_quota":
            kind = "insufficient_quota"
        body = {
            "error": {
                "message": error.message,
                "type": kind,
                "param": error.param,
                "code": error.code or None,
            }
        }
        return web.json_response(body, status=error.status, headers=error.headers)
