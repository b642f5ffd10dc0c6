"""ElevenLabsEmulator: voices (IVC), voice settings, TTS (+ timestamps), quota (elevenlabs.md)."""

from __future__ import annotations

import base64
import json
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

import httpx
from aiohttp import web
from elevenlabs import AsyncElevenLabs

from ..openai.common import AuthState, EmulatorServer, Fault, Route, ServiceError
from .account import AccountApi
from .faults import ElevenLabsFaults
from .state import ElevenLabsState, Voice
from .tts import TtsApi
from .voices import VoicesApi

DEFAULT_KEY = "xi-test-emulator"


class ElevenLabsEmulator(EmulatorServer[ElevenLabsFaults]):
    """Routes under `/v1/...`; the SDK's `base_url` is the bare `http://127.0.0.1:PORT`.

    >>> async with ElevenLabsEmulator(max_concurrent=2) as emulator:
    ...     async with emulator.client() as client:
    ...         await client.user.subscription.get()
    """

    def __init__(
        self,
        api_key: str = DEFAULT_KEY,
        *,
        character_limit: int = 100_000,
        character_count: int = 0,
        voice_limit: int = 10,
        tier: str = "creator",
        can_use_instant_voice_cloning: bool = True,
        max_concurrent: int | None = None,
        tts_latency: float = 0.0,
        seconds_per_char: float = 0.06,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.state = ElevenLabsState(
            api_key=api_key,
            clock=clock,
            character_limit=character_limit,
            character_count=character_count,
            voice_limit=voice_limit,
            tier=tier,
            can_use_instant_voice_cloning=can_use_instant_voice_cloning,
            max_concurrent=max_concurrent,
            tts_latency=tts_latency,
            seconds_per_char=seconds_per_char,
        )
        self.voices_api = VoicesApi(self.state)
        self.tts = TtsApi(self.state, self.voices_api)
        self.account = AccountApi(self.state)
        super().__init__(ElevenLabsFaults())

    @property
    def voices(self) -> dict[str, Voice]:
        """Live voice table (premade voices included), keyed by voice_id."""
        return self.state.voices

    @property
    def characters_billed(self) -> int:
        """Characters charged by successful TTS calls since the emulator started."""
        return sum(int(r.notes.get("characters", 0)) for r in self.requests)

    @asynccontextmanager
    async def client(
        self, *, read_timeout: float = 30.0, api_key: str | None = None
    ) -> AsyncIterator[AsyncElevenLabs]:
        """A real `AsyncElevenLabs` pointed here, on an httpx client closed on exit."""
        async with httpx.AsyncClient(timeout=read_timeout) as http:
            yield AsyncElevenLabs(
                api_key=api_key or self.state.api_key, base_url=self.base_url, httpx_client=http
            )

    def routes(self) -> list[Route]:
        voices, tts, account = self.voices_api, self.tts, self.account
        return [
            Route("POST", "/v1/voices/add", voices.add, "ivc"),
            Route("GET", "/v1/voices", voices.list_all, "voices"),
            Route("GET", "/v1/voices/settings/default", voices.default_settings,
                  "default_settings"),
            Route("GET", "/v1/voices/{voice_id}", voices.get, "voice"),
            Route("DELETE", "/v1/voices/{voice_id}", voices.delete, "delete_voice"),
            Route("GET", "/v1/voices/{voice_id}/settings", voices.settings, "settings"),
            Route("POST", "/v1/voices/{voice_id}/settings/edit", voices.edit_settings,
                  "edit_settings"),
            Route("POST", "/v1/text-to-speech/{voice_id}", tts.convert, "tts"),
            Route("POST", "/v1/text-to-speech/{voice_id}/stream", tts.convert, "tts_stream"),
            Route("POST", "/v1/text-to-speech/{voice_id}/with-timestamps", tts.with_timestamps,
                  "tts_timestamps"),
            Route("GET", "/v1/user/subscription", account.subscription, "subscription"),
            Route("GET", "/v1/user", account.user, "user"),
            Route("GET", "/v1/models", account.models, "models"),
        ]  # fmt: skip

    def check_auth(self, request: web.Request) -> AuthState:
        key = request.headers.get("xi-api-key")
        if not key:
            return "missing"
        return "ok" if key == self.state.api_key else "bad"

    def auth_error(self, state: AuthState) -> ServiceError:
        message = "Missing xi-api-key header" if state == "missing" else "Invalid API key"
        return ServiceError(401, "invalid_api_key", message)

    def error_response(self, error: ServiceError) -> web.Response:
        detail = error.detail
        if detail is None:
            detail = {"status": error.code or "error", "message": error.message}
        return web.json_response({"detail": detail}, status=error.status, headers=error.headers)

    def mangle(
        self, route: str, response: web.StreamResponse, fault: Fault | None = None
    ) -> web.StreamResponse:
        """Truncated audio: raw bodies are cut in half; with-timestamps keeps valid JSON
        around half of the audio. A "silent" fault keeps the length and zeroes the samples
        (PCM formats). Either way the characters were charged."""
        if route != "tts_timestamps" or not isinstance(response, web.Response):
            return super().mangle(route, response, fault)
        assert isinstance(response.body, bytes)
        payload = json.loads(response.body)
        audio = base64.b64decode(payload["audio_base64"])
        silent = fault is not None and fault.name == "silent"
        changed = bytes(len(audio)) if silent else audio[: len(audio) // 2]
        payload["audio_base64"] = base64.b64encode(changed).decode()
        headers = {
            k: v for k, v in response.headers.items() if k in ("request-id", "character-cost")
        }
        return web.json_response(payload, headers=headers)
