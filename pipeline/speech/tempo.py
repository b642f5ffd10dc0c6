"""Fit speech to a length without speaking it again: ffmpeg's `atempo` (WSOLA) re-times the
WAV and the word timings scale with it. Used for a paid engine, whose second call would be
paid again; the factor stays within `TEMPO_BOUNDS`, where the voice still sounds natural
(past about 15 % WSOLA's repeated or dropped grains become audible)."""

import os
from dataclasses import replace
from pathlib import Path
from uuid import uuid4

from pipeline.ffmpeg.runner import run_ffmpeg
from pipeline.speech.base import Speech, WordTiming
from pipeline.speech.wav import measure

TEMPO_BOUNDS = (0.87, 1.15)  # slower .. faster
TIMEOUT_S = 120.0


def tempo_factor(spoken_s: float, target_s: float) -> float:
    """The tempo that makes `spoken_s` last `target_s`, kept within `TEMPO_BOUNDS`."""
    low, high = TEMPO_BOUNDS
    return max(low, min(high, spoken_s / target_s))


def atempo_argv(ffmpeg: str, source: Path, out: Path, factor: float, rate: int) -> list[str]:
    """Re-time `source` by `factor` into a mono 16-bit WAV at `rate` Hz."""
    return [
        ffmpeg, "-hide_banner", "-nostdin", "-y", "-i", str(source),
        "-filter:a", f"atempo={factor:.5f}", "-ac", "1", "-ar", str(rate),
        "-c:a", "pcm_s16le", str(out),
    ]  # fmt: skip


def scaled(words: tuple[WordTiming, ...], factor: float) -> tuple[WordTiming, ...]:
    """Word timings of the speech played `factor` times as fast."""
    return tuple(
        WordTiming(w.text, round(w.start / factor, 3), round(w.end / factor, 3)) for w in words
    )


async def retime(speech: Speech, factor: float, ffmpeg: str) -> Speech:
    """`speech` played `factor` times as fast, its WAV replaced atomically."""
    tmp = speech.wav.with_name(f".{speech.wav.stem}.{uuid4().hex}.tempo.wav")
    try:
        rate = measure(speech.wav).rate
        await run_ffmpeg(atempo_argv(ffmpeg, speech.wav, tmp, factor, rate), timeout=TIMEOUT_S)
        os.replace(tmp, speech.wav)
    finally:
        tmp.unlink(missing_ok=True)
    duration = measure(speech.wav).duration
    return replace(speech, duration=duration, words=scaled(speech.words, factor))
