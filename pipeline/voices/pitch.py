"""Fundamental frequency (F0) of speech: a vectorised YIN pitch tracker in numpy.

YIN (de Cheveigné and Kawahara, 2002): the cumulative-mean-normalised difference function of
each frame, the first dip below a threshold, refined by parabolic interpolation. Frames whose
best dip stays above the threshold are unvoiced. Working at 16 kHz with 50 ms frames covers
60-500 Hz, the range of adult speech.
"""

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from numpy.typing import NDArray

Floats = NDArray[np.floating[Any]]
Mask = NDArray[np.bool_]
F0_MIN, F0_MAX = 60.0, 500.0
FRAME, HOP = 800, 160  # 50 ms windows (two periods at 60 Hz) every 10 ms at 16 kHz
THRESHOLD = 0.25  # on the normalised difference; synthetic male voices need 0.25
SILENT_POWER = 1e-7  # mean power below -70 dBFS: no voice to track
CHUNK = 1024  # frames per FFT batch: about 50 MB of FFT buffers, whatever the length


@dataclass(frozen=True, slots=True)
class PitchTrack:
    """F0 in Hz per 10 ms frame (0 where unvoiced) and the frame step in seconds."""

    f0: Floats
    step: float

    @property
    def voiced(self) -> Floats:
        """The F0 values of the voiced frames only."""
        return self.f0[self.f0 > 0]


def _cmndf(frames: Floats, tau_max: int) -> Floats:
    """The cumulative-mean-normalised difference d'(tau) for tau in 0..tau_max, per frame."""
    width = FRAME - tau_max
    size = 1 << int(np.ceil(np.log2(FRAME + width)))
    head = np.fft.rfft(frames[:, :width], size)
    full = np.fft.rfft(frames, size)
    acf = np.fft.irfft(np.conj(head) * full, size)[:, : tau_max + 1]
    energy = np.cumsum(np.pad(frames**2, ((0, 0), (1, 0))), axis=1)
    shifted = energy[:, width : width + tau_max + 1] - energy[:, : tau_max + 1]
    diff = np.maximum(energy[:, width : width + 1] + shifted - 2 * acf, 0.0)
    cumulative = np.cumsum(diff[:, 1:], axis=1) / np.arange(1, tau_max + 1)
    normalised = np.ones_like(diff)
    normalised[:, 1:] = diff[:, 1:] / np.maximum(cumulative, 1e-12)
    # Digital silence has no period: its zero difference would look perfectly periodic.
    normalised[energy[:, width] < width * SILENT_POWER] = 1.0
    return normalised


def _best_lags(cmndf: Floats, tau_min: int) -> tuple[Floats, Floats]:
    """Per frame: the refined lag of the first dip below THRESHOLD and its depth (1: none)."""
    lags = np.arange(cmndf.shape[1])
    below = (cmndf < THRESHOLD) & (lags >= tau_min)
    found = below.any(axis=1)
    first = np.where(found, below.argmax(axis=1), 0)
    # The dip is the run of below-threshold lags starting at `first`; take its minimum.
    after = lags[None, :] >= first[:, None]
    run = np.logical_and.accumulate(below | ~after, axis=1) & after & below
    best = np.where(run, cmndf, np.inf).argmin(axis=1)
    best = np.clip(best, 1, cmndf.shape[1] - 2)
    rows = np.arange(cmndf.shape[0])
    left, centre, right = cmndf[rows, best - 1], cmndf[rows, best], cmndf[rows, best + 1]
    curvature = left - 2 * centre + right
    shift = np.where(curvature > 0, 0.5 * (left - right) / np.maximum(curvature, 1e-12), 0.0)
    depth = np.where(found, centre, 1.0)
    return best + np.clip(shift, -1.0, 1.0), depth


def track_pitch(samples: Floats, rate: int, gate: Mask | None = None) -> PitchTrack:
    """Track F0 every 10 ms; `gate` (one bool per frame) limits it to frames with speech."""
    tau_min, tau_max = int(rate / F0_MAX), int(np.ceil(rate / F0_MIN))
    if samples.size < FRAME:
        return PitchTrack(np.zeros(0), HOP / rate)
    frames = sliding_window_view(samples.astype(np.float64), FRAME)[::HOP]
    f0 = np.zeros(frames.shape[0])
    for start in range(0, frames.shape[0], CHUNK):
        chunk = frames[start : start + CHUNK]
        lag, depth = _best_lags(_cmndf(chunk, tau_max), tau_min)
        f0[start : start + CHUNK] = np.where(depth < THRESHOLD, rate / lag, 0.0)
    if gate is not None:
        f0[: gate.size][~gate[: f0.size]] = 0.0
    return PitchTrack(f0, HOP / rate)
