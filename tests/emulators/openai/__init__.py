"""A local OpenAI API (chat, Whisper, TTS, images) for the real `openai` client.

See `OpenAIEmulator` and `shared/api-contracts/openai.md`.
"""

from .emulator import DEFAULT_KEY, OpenAIEmulator
from .faults import OpenAIFaults
from .responders import ChatReply, ChatRequest, Responder, default_responder, script_for
from .state import TranscriptionRequest

__all__ = [
    "DEFAULT_KEY",
    "ChatReply",
    "ChatRequest",
    "OpenAIEmulator",
    "OpenAIFaults",
    "Responder",
    "TranscriptionRequest",
    "default_responder",
    "script_for",
]
