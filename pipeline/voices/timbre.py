"""Timbre as the mean MFCC vector of the speech frames, and a distance between two of them.

The mean of c1..c12 over speech describes the average spectral envelope (formants, brightness)
while ignoring level. It is a coarse voice colour, not a speaker identity: the same voice
reading different sentences lands a few units apart, different espeak variants tens apart.
"""

from functools import cache
from typing import Any

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from numpy.typing import NDArray

Floats = NDArray[np.floating[Any]]
Mask = NDArray[np.bool_]
FRAME, HOP, FFT = 400, 160, 512  # the frames of `levels`, so its speech mask applies
BANDS, COEFFICIENTS = 26, 12
CHUNK = 2048  # frames per FFT batch
LOW_HZ, HIGH_HZ = 100.0, 7000.0


def _mel(hz: Floats) -> Floats:
    mel: Floats = 2595.0 * np.log10(1.0 + hz / 700.0)
    return mel


@cache
def _filterbank(rate: int) -> Floats:
    """Triangular mel filters over the FFT bins, shape (BANDS, FFT // 2 + 1)."""
    edges_mel = np.linspace(_mel(np.array(LOW_HZ)), _mel(np.array(HIGH_HZ)), BANDS + 2)
    edges = 700.0 * (10 ** (edges_mel / 2595.0) - 1.0)
    bins = np.fft.rfftfreq(FFT, 1.0 / rate)
    rising = (bins[None, :] - edges[:-2, None]) / (edges[1:-1] - edges[:-2])[:, None]
    falling = (edges[2:, None] - bins[None, :]) / (edges[2:] - edges[1:-1])[:, None]
    return np.maximum(0.0, np.minimum(rising, falling))


@cache
def _dct() -> Floats:
    """DCT-II rows 1..COEFFICIENTS (c0, the level, is left out)."""
    n = np.arange(BANDS)
    k = np.arange(1, COEFFICIENTS + 1)[:, None]
    rows: Floats = np.cos(np.pi * k * (2 * n + 1) / (2 * BANDS)) * np.sqrt(2.0 / BANDS)
    return rows


def mean_mfcc(samples: Floats, rate: int, speech: Mask) -> Floats:
    """The mean of MFCC c1..c12 (in dB units) over the frames flagged in `speech`."""
    if samples.size < FRAME:
        return np.zeros(COEFFICIENTS)
    frames = sliding_window_view(samples, FRAME)[::HOP]
    rows = np.flatnonzero(speech[: frames.shape[0]])
    if not rows.size:  # no speech flagged: the whole clip
        rows = np.arange(frames.shape[0])
    total = np.zeros(COEFFICIENTS)
    for start in range(0, rows.size, CHUNK):  # in chunks: a 5-minute sample stays small
        batch = frames[rows[start : start + CHUNK]] * np.hanning(FRAME)
        power = np.abs(np.fft.rfft(batch, FFT)) ** 2
        mel_db = 10 * np.log10(np.maximum(power @ _filterbank(rate).T, 1e-10))
        total += (mel_db @ _dct().T).sum(axis=0)
    mean: Floats = total / rows.size
    return mean


def timbre_distance(a: Floats, b: Floats) -> float:
    """Euclidean distance between two mean-MFCC vectors."""
    return float(np.linalg.norm(np.asarray(a) - np.asarray(b)))
