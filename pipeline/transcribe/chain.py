"""Build the transcriber(s) named in settings; a chain falls back on provider errors."""

from collections.abc import Sequence
from pathlib import Path

import structlog

from core.errors import InvalidInput
from core.settings import ProvidersSettings
from pipeline.spend_limits import DailySpendExceeded
from pipeline.transcribe.base import Transcriber, Transcript
from pipeline.transcribe.errors import TranscriptionError
from pipeline.transcribe.whisper import WhisperTranscriber
from pipeline.wallet import Wallet

log = structlog.get_logger(__name__)


class FallbackTranscriber:
    """A chain such as "openai,whisper": a provider error moves on to the next one.

    Errors in the audio itself (unreadable, not audio) are the same for every provider
    and are raised at once.
    """

    def __init__(self, transcribers: Sequence[Transcriber]) -> None:
        if not transcribers:
            raise ValueError("a fallback chain needs at least one transcriber")
        self.transcribers = tuple(transcribers)
        self.name = ",".join(item.name for item in self.transcribers)

    async def transcribe(
        self, audio: Path, language: str | None, *, wallet: Wallet | None = None
    ) -> Transcript:
        """The first transcript any provider in the chain produces; a paid one over the
        daily spend ceiling is passed over like a failing one."""
        last = len(self.transcribers) - 1
        for position, transcriber in enumerate(self.transcribers):
            try:
                return await transcriber.transcribe(audio, language, wallet=wallet)
            except (TranscriptionError, DailySpendExceeded) as error:
                if position == last:
                    raise
                log.warning(
                    "transcription.fallback",
                    provider=transcriber.name,
                    next_provider=self.transcribers[position + 1].name,
                    error_key=error.key,
                    transient=error.transient,
                    reason=str(error),
                )
        raise AssertionError("unreachable: the last transcriber returns or raises")


def _one(name: str, settings: ProvidersSettings) -> Transcriber:
    if name == "whisper":
        return WhisperTranscriber(settings.transcription.whisper_dir)
    if name == "openai":
        # Imported on demand: the OpenAI SDK costs ~20 MB in every worker that never uses it.
        from pipeline.transcribe.openai_api import OpenAITranscriber  # noqa: PLC0415

        return OpenAITranscriber(settings.openai, settings.transcription)
    raise InvalidInput(
        what="PROVIDERS__TRANSCRIPTION__CHAIN", reason=f"unknown transcriber {name!r}"
    )


def build_transcriber(settings: ProvidersSettings) -> Transcriber:
    """The transcriber(s) in `settings.transcription.chain`: "whisper" (offline),
    "openai", or a chain such as "openai,whisper" tried in order."""
    chain = settings.transcription.chain
    names = [name.strip().lower() for name in chain.split(",") if name.strip()]
    if not names:
        raise InvalidInput(what="PROVIDERS__TRANSCRIPTION__CHAIN", reason="no transcriber named")
    items = [_one(name, settings) for name in names]
    return items[0] if len(items) == 1 else FallbackTranscriber(items)
