"""The `Transcriber` interface and the transcript every provider returns."""

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from pipeline.speech.base import WordTiming
from pipeline.wallet import Wallet


@dataclass(frozen=True, slots=True)
class Transcript:
    """What a recogniser heard: the words (as it spelled them) with their time spans.

    `duration` is the audio's length in seconds (what providers bill); `cost_usd` is
    what this call cost, 0 offline. `metered`: the provider recorded the call in the ledger
    itself (a paid one does, through the wallet); otherwise the caller records it.
    """

    text: str
    language: str | None
    duration: float
    words: tuple[WordTiming, ...]
    provider: str
    cost_usd: float = 0.0
    metered: bool = False


class Transcriber(Protocol):
    """Turns an audio file into text with a time span per word."""

    name: str

    async def transcribe(
        self, audio: Path, language: str | None, *, wallet: Wallet | None = None
    ) -> Transcript:
        """Recognise `audio`; `language` (ISO 639-1) is a hint, None detects it. A paid
        provider checks and records the call through `wallet`."""
        ...
