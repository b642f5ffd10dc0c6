"""A local ElevenLabs API (IVC, voices, TTS with timestamps, quota) for the real SDK.

See `ElevenLabsEmulator` and `shared/api-contracts/elevenlabs.md`.
"""

from .alignment import normalize
from .emulator import DEFAULT_KEY, ElevenLabsEmulator
from .faults import ElevenLabsFaults
from .state import DEFAULT_SETTINGS, MODELS, OUTPUT_FORMATS, PREMADE, Voice

__all__ = [
    "DEFAULT_KEY",
    "DEFAULT_SETTINGS",
    "MODELS",
    "OUTPUT_FORMATS",
    "PREMADE",
    "ElevenLabsEmulator",
    "ElevenLabsFaults",
    "Voice",
    "normalize",
]
