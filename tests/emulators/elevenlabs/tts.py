"""Text-to-speech: `POST /v1/text-to-speech/{voice_id}[/stream|/with-timestamps]`.

Checks (in this order): voice exists (404), body and `text` (422), `model_id` and
`output_format` (422), text length per model (400), quota (401 `quota_exceeded` when
`character_count + len(text) > character_limit`), concurrency (429
`too_many_concurrent_requests` when `max_concurrent` TTS requests are already in flight).
A success charges `len(text)` characters and says so in the `character-cost` header.
"""

from __future__ import annotations

import asyncio
import base64
from dataclasses import dataclass

from aiohttp import web

from ..openai.common import RECORD_KEY, ServiceError
from .alignment import Speech, synthesize
from .state import DEFAULT_FORMAT, DEFAULT_MODEL, MODELS, OUTPUT_FORMATS, ElevenLabsState
from .voices import VoicesApi, check_settings, validation_error


@dataclass(frozen=True)
class TtsCall:
    voice_id: str
    text: str
    model_id: str
    output_format: str
    speed: float
    pitch: int


class TtsApi:
    def __init__(self, state: ElevenLabsState, voices: VoicesApi) -> None:
        self.state = state
        self.voices = voices

    def _parse(self, request: web.Request) -> TtsCall:
        voice = self.voices.voice(request)
        body = request[RECORD_KEY].json
        if not isinstance(body, dict):
            raise validation_error(["body"], "Field required", "missing")
        text = body.get("text")
        if not isinstance(text, str) or not text.strip():
            raise validation_error(["body", "text"], "Field required", "missing")
        model_id = body.get("model_id") or DEFAULT_MODEL
        if model_id not in MODELS:
            raise validation_error(["body", "model_id"], f"Unknown model_id '{model_id}'")
        output_format = request.query.get("output_format", DEFAULT_FORMAT)
        if output_format not in OUTPUT_FORMATS:
            raise validation_error(["query", "output_format"], "Invalid output format")
        if len(text) > MODELS[model_id]:
            raise ServiceError(
                400,
                "max_character_limit_exceeded",
                f"Text is {len(text)} characters; {model_id} accepts {MODELS[model_id]}.",
            )
        settings = dict(voice.settings)
        if body.get("voice_settings") is not None:
            settings.update(check_settings(body["voice_settings"], ["body", "voice_settings"]))
        request[RECORD_KEY].notes.update(
            voice_id=voice.voice_id,
            model_id=model_id,
            output_format=output_format,
            voice_settings=settings,
        )
        seed = body.get("seed")
        pitch = sum(map(ord, voice.voice_id)) + (seed if isinstance(seed, int) else 0)
        return TtsCall(voice.voice_id, text, model_id, output_format, settings["speed"], pitch)

    def _concurrency_headers(self) -> dict[str, str]:
        limit = self.state.max_concurrent
        return {
            "current-concurrent-requests": str(self.state.tts_in_flight),
            "maximum-concurrent-requests": str(limit if limit is not None else 1000),
        }

    async def _speak(self, request: web.Request) -> tuple[Speech, dict[str, str]]:
        call, state = self._parse(request), self.state
        cost = len(call.text)
        if state.character_count + cost > state.character_limit:
            remaining = max(state.character_limit - state.character_count, 0)
            raise ServiceError(
                401,
                "quota_exceeded",
                f"This request exceeds your quota of {state.character_limit}. You have "
                f"{remaining} credits remaining, while {cost} credits are required for this "
                "request.",
            )
        if state.max_concurrent is not None and state.tts_in_flight >= state.max_concurrent:
            raise ServiceError(
                429,
                "too_many_concurrent_requests",
                "Too many concurrent requests for your subscription.",
                headers=self._concurrency_headers(),
            )
        state.tts_in_flight += 1
        state.peak_tts_in_flight = max(state.peak_tts_in_flight, state.tts_in_flight)
        request[RECORD_KEY].notes["tts_in_flight"] = state.tts_in_flight
        headers = self._concurrency_headers()
        try:
            if state.tts_latency > 0:
                await asyncio.sleep(state.tts_latency)
            speech = synthesize(
                call.text,
                call.output_format,
                seconds_per_char=state.seconds_per_char,
                speed=call.speed,
                pitch=call.pitch,
            )
        finally:
            state.tts_in_flight -= 1
        state.character_count += cost
        request[RECORD_KEY].notes["characters"] = cost
        headers.update({"character-cost": str(cost), "request-id": state.new_id("request")})
        return speech, headers

    async def convert(self, request: web.Request) -> web.Response:
        speech, headers = await self._speak(request)
        return web.Response(body=speech.audio, content_type=speech.content_type, headers=headers)

    async def with_timestamps(self, request: web.Request) -> web.Response:
        speech, headers = await self._speak(request)
        payload = {
            "audio_base64": base64.b64encode(speech.audio).decode(),
            "alignment": speech.alignment,
            "normalized_alignment": speech.normalized_alignment,
        }
        return web.json_response(payload, headers=headers)
