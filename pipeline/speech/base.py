"""The `SpeechSynth` interface and the timing types every engine returns."""

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from pipeline.wallet import Wallet


@dataclass(frozen=True, slots=True)
class WordTiming:
    """One spoken word: its text as written in the script and its time span in seconds."""

    text: str
    start: float
    end: float


@dataclass(frozen=True, slots=True)
class VoiceParams:
    """How to speak: the engine's voice name, speed factor (1.0 = normal) and pitch shift.

    `stability` and `similarity` (0..1) are a cloud voice's own settings; None: the engine's.
    """

    voice: str | None = None
    speed: float = 1.0
    pitch: float = 0.0
    stability: float | None = None
    similarity: float | None = None


@dataclass(frozen=True, slots=True)
class Speech:
    """A finished synthesis: the WAV file, its length and the word timings.

    `metered`: the engine recorded the call in the ledger itself (a paid engine does,
    through the wallet, and a cached answer needs no row); otherwise the caller records it.
    """

    wav: Path
    duration: float
    words: tuple[WordTiming, ...]
    engine: str
    metered: bool = False


class SpeechSynth(Protocol):
    """Turns text into a WAV file plus word timings."""

    name: str

    def languages(self) -> frozenset[str]:
        """ISO 639-1 codes this engine can speak."""
        ...

    async def synthesize(
        self,
        text: str,
        language: str,
        params: VoiceParams,
        out: Path,
        *,
        wallet: Wallet | None = None,
    ) -> Speech:
        """Speak `text` into `out` (a WAV path) and return the timings; a paid engine
        checks and records the call through `wallet`."""
        ...
