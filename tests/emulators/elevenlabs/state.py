"""The ElevenLabs emulator's state: voices, the account's quota, TTS concurrency."""

from __future__ import annotations

import hashlib
import string
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

MODELS = {  # model_id -> max characters per request (elevenlabs.md §4)
    "eleven_multilingual_v2": 10_000,
    "eleven_flash_v2_5": 40_000,
    "eleven_turbo_v2_5": 40_000,
    "eleven_v3": 5_000,
    "eleven_flash_v2": 30_000,
    "eleven_turbo_v2": 30_000,
    "eleven_monolingual_v1": 10_000,
}
DEFAULT_MODEL = "eleven_multilingual_v2"
DEFAULT_FORMAT = "mp3_44100_128"
OUTPUT_FORMATS = (
    {"mp3_22050_32", *(f"mp3_44100_{kbps}" for kbps in (32, 64, 96, 128, 192))}
    | {f"pcm_{rate}" for rate in (8000, 16000, 22050, 24000, 44100, 48000)}
    | {"ulaw_8000", "alaw_8000"}
    | {f"opus_48000_{kbps}" for kbps in (32, 64, 96, 128, 192)}
)
DEFAULT_SETTINGS: dict[str, Any] = {
    "stability": 0.5,
    "similarity_boost": 0.75,
    "style": 0.0,
    "use_speaker_boost": True,
    "speed": 1.0,
}
PREMADE = {"21m00Tcm4TlvDq8ikWAM": "Rachel", "pNInz6obpgDQGcFmaJgB": "Adam"}
ALPHABET = string.ascii_letters + string.digits


@dataclass
class Sample:
    sample_id: str
    file_name: str
    mime_type: str
    size_bytes: int
    duration: float | None

    def to_json(self) -> dict[str, Any]:
        return {
            "sample_id": self.sample_id,
            "file_name": self.file_name,
            "mime_type": self.mime_type,
            "size_bytes": self.size_bytes,
            "hash": self.sample_id,
            "duration_secs": self.duration,
        }


@dataclass
class Voice:
    voice_id: str
    name: str
    category: str
    created_at_unix: int
    labels: dict[str, str] = field(default_factory=dict)
    description: str | None = None
    samples: list[Sample] = field(default_factory=list)
    settings: dict[str, Any] = field(default_factory=lambda: dict(DEFAULT_SETTINGS))
    remove_background_noise: bool = False

    def to_json(self, with_settings: bool = True) -> dict[str, Any]:
        return {
            "voice_id": self.voice_id,
            "name": self.name,
            "category": self.category,
            "labels": self.labels,
            "description": self.description,
            "preview_url": None,
            "samples": [sample.to_json() for sample in self.samples] or None,
            "settings": dict(self.settings) if with_settings else None,
            "available_for_tiers": [],
            "high_quality_base_model_ids": list(MODELS),
            "verified_languages": [],
            "is_owner": self.category != "premade",
            "created_at_unix": self.created_at_unix,
        }


@dataclass
class ElevenLabsState:
    api_key: str
    clock: Callable[[], float]
    character_limit: int
    character_count: int = 0
    voice_limit: int = 10
    tier: str = "creator"
    can_use_instant_voice_cloning: bool = True
    max_concurrent: int | None = None
    tts_latency: float = 0.0
    seconds_per_char: float = 0.06
    voices: dict[str, Voice] = field(default_factory=dict)
    tts_in_flight: int = 0
    peak_tts_in_flight: int = 0
    counter: int = 0

    def __post_init__(self) -> None:
        for voice_id, name in PREMADE.items():
            self.voices[voice_id] = Voice(voice_id, name, "premade", 1_700_000_000)

    def new_id(self, seed: str) -> str:
        """20 letters and digits, like real voice ids; deterministic per emulator."""
        self.counter += 1
        digest = hashlib.sha256(f"{seed}|{self.counter}".encode()).digest()
        return "".join(ALPHABET[byte % len(ALPHABET)] for byte in digest[:20])

    @property
    def voice_slots_used(self) -> int:
        return sum(1 for voice in self.voices.values() if voice.category != "premade")

    def subscription(self) -> dict[str, Any]:
        reset = int(self.clock()) + 30 * 86_400
        return {
            "tier": self.tier,
            "character_count": self.character_count,
            "character_limit": self.character_limit,
            "max_character_limit_extension": 0,
            "max_credit_limit_extension": 0,
            "can_extend_character_limit": False,
            "allowed_to_extend_character_limit": False,
            "next_character_count_reset_unix": reset,
            "voice_slots_used": self.voice_slots_used,
            "professional_voice_slots_used": 0,
            "professional_voice_slots_used_in_workspace": 0,
            "voice_limit": self.voice_limit,
            "max_voice_add_edits": 95,
            "voice_add_edit_counter": self.counter,
            "professional_voice_limit": 1,
            "can_extend_voice_limit": False,
            "can_use_instant_voice_cloning": self.can_use_instant_voice_cloning,
            "can_use_professional_voice_cloning": True,
            "currency": "usd",
            "current_overage": {"amount": 0, "currency": "usd"},
            "status": "active",
            "billing_period": "monthly_period",
            "character_refresh_period": "monthly_period",
        }
