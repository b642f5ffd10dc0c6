"""A chain of speech engines: the first that speaks wins, ending offline with espeak."""

from collections.abc import Sequence
from pathlib import Path

import structlog

from core.errors import ToolMissing, UnsupportedLanguage
from pipeline.speech.base import Speech, SpeechSynth, VoiceParams
from pipeline.speech.errors import SynthesisFailed, VoiceNotFound
from pipeline.spend_limits import DailySpendExceeded
from pipeline.wallet import Wallet

log = structlog.get_logger(__name__)

# An engine that failed with one of these may be replaced by the next one (a paid engine
# over the daily spend ceiling too: the offline one speaks free); anything else
# (InvalidInput: empty text, bad speed) would fail the same way everywhere and propagates.
ENGINE_FAILURES = (
    SynthesisFailed,
    VoiceNotFound,
    ToolMissing,
    UnsupportedLanguage,
    DailySpendExceeded,
)


class FallbackSynth:
    """Tries `engines` in order; `Speech.engine` names the one that spoke.

    `params.voice` is engine-specific: only the first engine gets it, the fallbacks speak
    with their default voice (speed and pitch are kept).
    """

    def __init__(self, engines: Sequence[SpeechSynth]) -> None:
        if not engines:
            raise ValueError("a fallback chain needs at least one engine")
        self.engines = tuple(engines)
        self.name = ",".join(engine.name for engine in self.engines)

    def languages(self) -> frozenset[str]:
        """ISO 639-1 codes that any engine in the chain can speak."""
        return frozenset().union(*(engine.languages() for engine in self.engines))

    async def synthesize(
        self,
        text: str,
        language: str,
        params: VoiceParams,
        out: Path,
        *,
        wallet: Wallet | None = None,
    ) -> Speech:
        """Speak with the first engine that succeeds; re-raise the last failure if none does."""
        failure: Exception | None = None
        for index, engine in enumerate(self.engines):
            if language not in engine.languages():
                continue
            own = params if index == 0 else VoiceParams(speed=params.speed, pitch=params.pitch)
            try:
                return await engine.synthesize(text, language, own, out, wallet=wallet)
            except ENGINE_FAILURES as exc:
                log.warning(
                    "speech.fallback",
                    engine=engine.name,
                    error=exc.key,
                    transient=exc.transient,
                    reason=str(exc),
                )
                failure = exc
        if failure is None:
            supported = ", ".join(sorted(self.languages()))
            raise UnsupportedLanguage(language=language, supported=supported)
        raise failure

    def cost_usd(self, characters: int, engine: str) -> float:
        """The price of `characters` spoken by the chain's engine called `engine` (0 when it
        is free or not in the chain)."""
        for candidate in self.engines:
            if candidate.name == engine:
                return speech_cost(candidate, engine, characters)
        return 0.0


def speech_cost(synth: SpeechSynth, engine: str, characters: int) -> float:
    """USD for `characters` that `synth` spoke with `engine` (`Speech.engine`); engines
    without a `cost_usd` method are free."""
    if isinstance(synth, FallbackSynth):
        return synth.cost_usd(characters, engine)
    price = getattr(synth, "cost_usd", None)
    return float(price(characters)) if callable(price) else 0.0
