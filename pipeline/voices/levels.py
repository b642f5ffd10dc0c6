"""Levels of a voice sample: per-frame loudness, an energy voice-activity detector, SNR, clipping.

All levels are dBFS of 25 ms frames every 10 ms. The noise floor is the 10th percentile of the
frame levels and the speech level the 95th, so a sample needs some pauses for a fair SNR (a
recording with none reads as noisier than it is, which errs on the safe side).
"""

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from numpy.typing import NDArray

Floats = NDArray[np.floating[Any]]
Mask = NDArray[np.bool_]
FRAME, HOP = 400, 160  # 25 ms every 10 ms at 16 kHz
FLOOR_DB = -100.0  # digital silence
SPEECH_ABOVE_FLOOR_DB = 10.0  # a speech frame is this much louder than the noise floor ...
SPEECH_RANGE_DB = 35.0  # ... and at most this much quieter than the loud speech
SPEECH_MIN_DB = -60.0
CLIP_LEVEL = 0.98  # |x| at or above this counts as clipped (resampling smooths the flat tops)
GAP_FRAMES = 8  # pauses shorter than 80 ms inside speech count as speech


@dataclass(frozen=True, slots=True)
class Levels:
    """What the level analysis found; `speech` flags each 10 ms frame."""

    speech: Mask
    step: float
    peak_db: float
    rms_db: float
    noise_floor_db: float
    speech_level_db: float
    snr_db: float
    speech_s: float
    clipping: float


def to_db(power: Floats) -> Floats:
    """Mean power (full scale = 1) to dBFS, with digital silence at FLOOR_DB."""
    db: Floats = np.maximum(10 * np.log10(np.maximum(power, 1e-12)), FLOOR_DB)
    return db


def frame_db(samples: Floats) -> Floats:
    """The level of each 25 ms frame, every 10 ms, in dBFS."""
    if samples.size < FRAME:
        return np.full(1, float(to_db(np.mean(samples**2, keepdims=True))[0]))
    frames = sliding_window_view(samples, FRAME)[::HOP]
    return to_db(np.mean(frames**2, axis=1))


def close_gaps(mask: Mask, frames: int) -> Mask:
    """Morphological closing: fill runs of False shorter than `frames` between True runs."""
    kernel = np.ones(2 * frames + 1)
    grown = np.convolve(mask.astype(float), kernel, mode="same") > 0
    kept = np.convolve((~grown).astype(float), kernel, mode="same") == 0
    closed: Mask = mask | (grown & kept)
    return closed


def measure_levels(samples: Floats, rate: int) -> Levels:
    """Measure a mono float sample at `rate` Hz."""
    db = frame_db(samples)
    floor, loud = (float(v) for v in np.percentile(db, [10, 95]))
    threshold = max(floor + SPEECH_ABOVE_FLOOR_DB, loud - SPEECH_RANGE_DB, SPEECH_MIN_DB)
    speech = close_gaps(db > threshold, GAP_FRAMES)
    peak = float(np.max(np.abs(samples))) if samples.size else 0.0
    return Levels(
        speech=speech,
        step=HOP / rate,
        peak_db=round(float(to_db(np.array([peak**2]))[0]), 1),
        rms_db=round(float(to_db(np.mean(samples**2, keepdims=True))[0]), 1),
        noise_floor_db=round(floor, 1),
        speech_level_db=round(loud, 1),
        snr_db=round(loud - floor, 1),
        speech_s=round(float(speech.sum()) * HOP / rate, 2),
        clipping=round(float(np.mean(np.abs(samples) >= CLIP_LEVEL)) if samples.size else 0.0, 5),
    )
