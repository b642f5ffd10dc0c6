"""Speaking with a voice match: a stock engine's speech, then its pitch/timbre adjustment.

The transform keeps the duration, so the engine's word timings stay valid as they are.
"""

import asyncio
from dataclasses import replace
from pathlib import Path
from uuid import uuid4

from core.project_options import VoiceChoice
from pipeline.speech.base import Speech, SpeechSynth, VoiceParams
from pipeline.speech.fallback import speech_cost
from pipeline.voices.transform import Transform, transform_wav
from pipeline.wallet import Wallet

# espeak-ng's pitch setting moves F0 by 5-9 semitones per unit (measured on f2, f3, f5, m3).
PITCH_ST_PER_UNIT = 8.0


class MatchedSynth:
    """Wraps `inner`: synthesises as usual, then applies `transform` to the WAV."""

    def __init__(self, inner: SpeechSynth, transform: Transform) -> None:
        self.inner = inner
        self.transform = transform
        self.name = inner.name  # usage is billed to the engine that spoke

    def languages(self) -> frozenset[str]:
        """ISO 639-1 codes the wrapped engine can speak."""
        return self.inner.languages()

    async def synthesize(
        self,
        text: str,
        language: str,
        params: VoiceParams,
        out: Path,
        *,
        wallet: Wallet | None = None,
    ) -> Speech:
        """Speak `text` with the wrapped engine into `out`, transformed; timings unchanged."""
        out.parent.mkdir(parents=True, exist_ok=True)
        stock = out.with_name(f".{out.stem}.{uuid4().hex}.stock.wav")
        try:
            speech = await self.inner.synthesize(text, language, params, stock, wallet=wallet)
            await asyncio.to_thread(transform_wav, stock, out, self.transform)
        finally:
            stock.unlink(missing_ok=True)
        return replace(speech, wav=out)

    def cost_usd(self, characters: int) -> float:
        """What the wrapped engine charges; the transform itself is free."""
        return speech_cost(self.inner, self.name, characters)


def with_voice_match(synth: SpeechSynth, voice: VoiceChoice) -> SpeechSynth:
    """`synth` wrapped in the transform of the project's voice (`options.voice`), if any.

    The transform sets an absolute pitch, which would silence the voice's pitch setting; so
    the setting's change since the match (`base_pitch`) moves the transform's pitch instead.
    """
    stored = voice.transform
    if not stored:
        return synth
    pitch = 0.0 if voice.pitch is None else voice.pitch
    moved = pitch - float(stored.get("base_pitch", pitch))
    return MatchedSynth(synth, Transform.from_params(stored).shifted(PITCH_ST_PER_UNIT * moved))
