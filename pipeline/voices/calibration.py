"""What espeak-ng variants sound like to our own analysis: speak a fixed text and measure it.

Measuring the stock voices with the same tracker that measured the user cancels most of the
trackers' biases. F0 curves are deterministic for an espeak-ng build, so they are kept for the
life of the process (25-30 short syntheses per variant family, a few seconds on first use).
"""
# ruff: noqa: RUF001  # Russian calibration text: the Cyrillic look-alike letters are intended

import asyncio
from pathlib import Path
from uuid import uuid4

import numpy as np

from pipeline.speech.base import VoiceParams
from pipeline.speech.espeak import VOICES, EspeakSynth
from pipeline.voices.decode import decode_audio
from pipeline.voices.profile import ClipAnalysis, analyse_clip

PITCH_POINTS = (-1.0, -0.5, 0.0, 0.5, 1.0)
TEXTS = {
    "ru": (
        "Сегодня хорошая погода, и мы идём гулять в парк. "
        "Там растут высокие деревья, а на ветках поют птицы."
    ),
    "en": (
        "The weather is lovely today, so we are going for a walk in the park. "
        "Tall old trees grow there, and birds sing in the branches."
    ),
}
# (language, variant) -> the median F0 in Hz at each of PITCH_POINTS.
_F0_CURVES: dict[tuple[str, str], tuple[float, ...]] = {}


async def measure_speech(
    synth: EspeakSynth, language: str, params: VoiceParams, scratch: Path
) -> ClipAnalysis:
    """Speak the calibration text with `params` into `scratch` and analyse it."""
    wav = scratch / f"{uuid4().hex}.wav"
    await synth.synthesize(TEXTS[language], language, params, wav)
    try:
        decoded = await asyncio.to_thread(decode_audio, wav)
        return await asyncio.to_thread(analyse_clip, decoded.samples, decoded.rate)
    finally:
        wav.unlink(missing_ok=True)


async def f0_curve(
    synth: EspeakSynth, language: str, variant: str, scratch: Path
) -> tuple[float, ...]:
    """The median F0 of `variant` at each pitch setting in PITCH_POINTS (cached)."""
    key = (language, variant)
    if key not in _F0_CURVES:
        voice = f"{VOICES[language]}+{variant}"
        medians = []
        for pitch in PITCH_POINTS:
            clip = await measure_speech(synth, language, VoiceParams(voice, 1.0, pitch), scratch)
            medians.append(round(float(np.median(clip.f0)), 2) if clip.f0.size else 0.0)
        _F0_CURVES[key] = tuple(medians)
    return _F0_CURVES[key]
