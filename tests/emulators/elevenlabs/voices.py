"""Voices: Instant Voice Cloning (`POST /v1/voices/add`), list/get/delete, voice settings."""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

from ..openai.common import RECORD_KEY, ServiceError
from ..openai.common.audio import probe_duration
from .state import DEFAULT_SETTINGS, ElevenLabsState, Sample, Voice

SETTING_RANGES = {
    "stability": (0.0, 1.0),
    "similarity_boost": (0.0, 1.0),
    "style": (0.0, 1.0),
    "speed": (0.7, 1.2),
}


def validation_error(loc: list[str], message: str, kind: str = "value_error") -> ServiceError:
    """FastAPI-style 422: `{"detail": [{"loc", "msg", "type"}]}`."""
    return ServiceError(422, kind, message, detail=[{"loc": loc, "msg": message, "type": kind}])


def voice_not_found(voice_id: str) -> ServiceError:
    return ServiceError(404, "voice_not_found", f"A voice with voice_id {voice_id} was not found.")


def check_settings(settings: Any, loc: list[str]) -> dict[str, Any]:
    """Validate a VoiceSettings object (ranges in elevenlabs.md §3)."""
    if not isinstance(settings, dict):
        raise validation_error(loc, "Input should be a valid dictionary", "dict_type")
    for key, (low, high) in SETTING_RANGES.items():
        value = settings.get(key)
        if value is not None and not (isinstance(value, int | float) and low <= value <= high):
            raise validation_error([*loc, key], f"Input should be between {low} and {high}")
    return {key: value for key, value in settings.items() if value is not None}


class VoicesApi:
    def __init__(self, state: ElevenLabsState) -> None:
        self.state = state

    def voice(self, request: web.Request) -> Voice:
        voice_id = request.match_info["voice_id"]
        voice = self.state.voices.get(voice_id)
        if voice is None:
            raise voice_not_found(voice_id)
        return voice

    async def add(self, request: web.Request) -> web.Response:
        record = request[RECORD_KEY]
        name = record.field_value("name")
        files = [item for item in record.files if item.name == "files"]
        if not name:
            raise validation_error(["body", "name"], "Field required", "missing")
        if not files or any(item.size == 0 for item in files):
            raise validation_error(["body", "files"], "Field required", "missing")
        if not self.state.can_use_instant_voice_cloning:  # code name unverified
            raise ServiceError(
                403,
                "can_not_use_instant_voice_cloning",
                "Your subscription does not include instant voice cloning.",
            )
        if self.state.voice_slots_used >= self.state.voice_limit:  # code name unverified
            limit = self.state.voice_limit
            raise ServiceError(
                400,
                "voice_limit_reached",
                f"You have reached your maximum amount of custom voices ({limit} / {limit}).",
            )
        raw_labels = record.field_value("labels")
        try:
            labels = json.loads(raw_labels) if raw_labels else None
        except ValueError:
            raise validation_error(["body", "labels"], "Invalid JSON") from None
        if labels is not None and not isinstance(labels, dict):
            raise validation_error(["body", "labels"], "Input should be a valid dictionary")
        voice_id = self.state.new_id(name)
        samples = [
            Sample(self.state.new_id(f"{voice_id}/{item.filename}"), item.filename or "sample",
                   item.content_type, item.size, probe_duration(item.data))
            for item in files
        ]  # fmt: skip
        self.state.voices[voice_id] = Voice(
            voice_id=voice_id,
            name=name,
            category="cloned",
            created_at_unix=int(self.state.clock()),
            labels={str(k): str(v) for k, v in (labels or {}).items()},
            description=record.field_value("description"),
            samples=samples,
            remove_background_noise=record.field_value("remove_background_noise") == "true",
        )
        record.notes["voice_id"] = voice_id
        return web.json_response({"voice_id": voice_id, "requires_verification": False})

    async def list_all(self, request: web.Request) -> web.Response:
        voices = [voice.to_json() for voice in self.state.voices.values()]
        return web.json_response({"voices": voices})

    async def get(self, request: web.Request) -> web.Response:
        with_settings = request.query.get("with_settings", "true").lower() != "false"
        return web.json_response(self.voice(request).to_json(with_settings))

    async def delete(self, request: web.Request) -> web.Response:
        voice = self.voice(request)
        del self.state.voices[voice.voice_id]
        return web.json_response({"status": "ok"})

    async def default_settings(self, request: web.Request) -> web.Response:
        return web.json_response(DEFAULT_SETTINGS)

    async def settings(self, request: web.Request) -> web.Response:
        return web.json_response(self.voice(request).settings)

    async def edit_settings(self, request: web.Request) -> web.Response:
        voice = self.voice(request)
        voice.settings.update(check_settings(request[RECORD_KEY].json, ["body"]))
        return web.json_response({"status": "ok"})
