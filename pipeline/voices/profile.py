"""One analysis per clip (levels, pitch, syllables, timbre) and the speech profile of several."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from pipeline.voices.levels import Levels, frame_db, measure_levels
from pipeline.voices.pitch import track_pitch
from pipeline.voices.rate import count_nuclei
from pipeline.voices.timbre import mean_mfcc

Floats = NDArray[np.floating[Any]]


@dataclass(frozen=True, slots=True)
class ClipAnalysis:
    """What one clip measured; `f0` holds the voiced frames' F0 in Hz."""

    duration: float
    levels: Levels
    f0: Floats
    nuclei: int
    mfcc: Floats

    @property
    def syllables_per_s(self) -> float:
        speech = self.levels.speech_s
        return self.nuclei / speech if speech > 0 else 0.0


def analyse_clip(samples: Floats, rate: int) -> ClipAnalysis:
    """Measure a mono float clip at `rate` Hz (CPU-bound: run it in a thread)."""
    levels = measure_levels(samples, rate)
    track = track_pitch(samples, rate, levels.speech)
    nuclei = count_nuclei(frame_db(samples), levels.speech)
    mfcc = mean_mfcc(samples, rate, levels.speech)
    return ClipAnalysis(samples.size / rate, levels, track.voiced, nuclei, mfcc)


@dataclass(frozen=True, slots=True)
class SpeechProfile:
    """The voice across clips: F0 median and spread, speaking rate and mean timbre."""

    f0_median_hz: float
    f0_p10_hz: float
    f0_p90_hz: float
    voiced_s: float
    syllables_per_s: float
    speech_s: float
    mfcc: tuple[float, ...]

    @property
    def range_st(self) -> float:
        """The p10-p90 pitch range in semitones."""
        return float(12 * np.log2(self.f0_p90_hz / self.f0_p10_hz)) if self.f0_p10_hz else 0.0

    def summary(self) -> dict[str, Any]:
        """Rounded numbers for `Voice.measured`."""
        return {
            "f0_median_hz": round(self.f0_median_hz, 1),
            "f0_p10_hz": round(self.f0_p10_hz, 1),
            "f0_p90_hz": round(self.f0_p90_hz, 1),
            "range_st": round(self.range_st, 2),
            "voiced_s": round(self.voiced_s, 2),
            "syllables_per_s": round(self.syllables_per_s, 2),
            "speech_s": round(self.speech_s, 2),
            "mfcc": [round(c, 2) for c in self.mfcc],
        }


def speech_profile(clips: Sequence[ClipAnalysis]) -> SpeechProfile:
    """Pool the clips: F0 over all voiced frames, rate over all speech, timbre speech-weighted."""
    f0 = np.concatenate([clip.f0 for clip in clips]) if clips else np.zeros(0)
    speech = sum(clip.levels.speech_s for clip in clips)
    p10, p50, p90 = (float(v) for v in np.percentile(f0, [10, 50, 90])) if f0.size else (0, 0, 0)
    weights = np.array([clip.levels.speech_s for clip in clips]) if clips else np.zeros(0)
    mfcc = (
        np.average(np.stack([clip.mfcc for clip in clips]), axis=0, weights=weights)
        if weights.sum() > 0
        else np.zeros(12)
    )
    step = clips[0].levels.step if clips else 0.01
    return SpeechProfile(
        f0_median_hz=p50,
        f0_p10_hz=p10,
        f0_p90_hz=p90,
        voiced_s=f0.size * step,
        syllables_per_s=sum(clip.nuclei for clip in clips) / speech if speech else 0.0,
        speech_s=speech,
        mfcc=tuple(float(c) for c in mfcc),
    )
