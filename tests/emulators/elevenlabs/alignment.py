"""Synthetic speech for the TTS routes: character alignment plus real audio that matches it.

Every character of the normalized text lasts `seconds_per_char / speed`; that fixes the
total duration T. `alignment` spreads the original text's characters evenly over [0, T]
and `normalized_alignment` does the same for the normalized text (digits spelled out in
English, whitespace collapsed), so the two differ exactly where the real service's do.
The audio is one tone per normalized word, silence between, T seconds long.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..openai.common.audio import encode_audio, tone_track

DIGITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]


def normalize(text: str) -> str:
    spelled = re.sub(r"\d", lambda match: f" {DIGITS[int(match.group())]} ", text)
    return " ".join(spelled.split())


def align(text: str, total: float) -> dict[str, Any]:
    step = total / max(len(text), 1)
    return {
        "characters": list(text),
        "character_start_times_seconds": [round(i * step, 3) for i in range(len(text))],
        "character_end_times_seconds": [round((i + 1) * step, 3) for i in range(len(text))],
    }


def word_spans(text: str, total: float) -> list[tuple[float, float]]:
    step = total / max(len(text), 1)
    return [(m.start() * step, m.end() * step) for m in re.finditer(r"\S+", text)]


@dataclass(frozen=True)
class Speech:
    audio: bytes
    content_type: str
    duration: float
    alignment: dict[str, Any]
    normalized_alignment: dict[str, Any]


def parse_format(output_format: str) -> tuple[str, int, int | None]:
    """`mp3_44100_128` -> ("mp3", 44100, 128000); `pcm_24000` -> ("pcm", 24000, None)."""
    codec, rate, *rest = output_format.split("_")
    return codec, int(rate), int(rest[0]) * 1000 if rest else None


CONTENT_TYPES = {
    "mp3": "audio/mpeg",
    "pcm": "audio/pcm",
    "ulaw": "audio/basic",
    "alaw": "audio/x-alaw-basic",
    "opus": "audio/ogg",
}


def synthesize(
    text: str, output_format: str, *, seconds_per_char: float, speed: float, pitch: int
) -> Speech:
    normalized = normalize(text)
    total = round(len(normalized) * seconds_per_char / speed, 3)
    codec, rate, bitrate = parse_format(output_format)
    samples = tone_track(word_spans(normalized, total), total, rate, pitch=pitch)
    return Speech(
        audio=encode_audio(samples, rate, codec, bitrate),
        content_type=CONTENT_TYPES[codec],
        duration=total,
        alignment=align(text, total),
        normalized_alignment=align(normalized, total),
    )
