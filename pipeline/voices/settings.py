"""Checks on what users type or choose in the Voice Studio: names, settings, test phrases."""

import math

from pipeline.voices.errors import (
    SpeechTextInvalid,
    TestPhraseInvalid,
    VoiceNameInvalid,
    VoiceSettingOutOfRange,
)

MAX_NAME = 64
MAX_TEST_CHARS = 300
MAX_SPEECH_CHARS = 1000  # text spoken on request (the REST API's generate)
# espeak-ng speaks 80-450 words a minute: 175 x 0.5..2.0 stays inside that.
RANGES = {
    "speed": (0.5, 2.0),
    "pitch": (-1.0, 1.0),
    "stability": (0.0, 1.0),
    "similarity": (0.0, 1.0),
}
# Cloud engines' defaults (ElevenLabs-style); stored now so a later clone starts from them.
CLOUD_DEFAULTS = {"stability": 0.5, "similarity": 0.75}


def check_name(name: str) -> str:
    """The trimmed name, 1 to MAX_NAME characters."""
    cleaned = " ".join(name.split())
    if not 1 <= len(cleaned) <= MAX_NAME:
        raise VoiceNameInvalid(limit=MAX_NAME)
    return cleaned


def check_settings(**values: float | None) -> dict[str, float]:
    """The given (non-None) settings as floats, each inside its range in RANGES."""
    checked: dict[str, float] = {}
    for setting, value in values.items():
        if value is None:
            continue
        low, high = RANGES[setting]
        number = float(value)
        if not (math.isfinite(number) and low <= number <= high):
            raise VoiceSettingOutOfRange(setting=setting, low=low, high=high, value=value)
        checked[setting] = round(number, 3)
    return checked


def check_test_phrase(text: str) -> str:
    """The trimmed phrase, 1 to MAX_TEST_CHARS characters."""
    cleaned = text.strip()
    if not 1 <= len(cleaned) <= MAX_TEST_CHARS:
        raise TestPhraseInvalid(limit=MAX_TEST_CHARS, length=len(cleaned))
    return cleaned


def check_speech_text(text: str) -> str:
    """The trimmed text, 1 to MAX_SPEECH_CHARS characters."""
    cleaned = text.strip()
    if not 1 <= len(cleaned) <= MAX_SPEECH_CHARS:
        raise SpeechTextInvalid(limit=MAX_SPEECH_CHARS, length=len(cleaned))
    return cleaned
