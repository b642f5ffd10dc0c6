"""Choosing the transform's formant ratio (and pitch) by a small sweep scored against the user.

Formant tracking is unreliable on synthetic and high voices (Burg ratios came out 1.04-1.10
where the truth was 1.2-1.35), so the ratio is chosen by what it sounds like: each candidate
is applied to a short excerpt of the stock voice and scored by speaker similarity to the
user's samples. The pitch median comes from the user, with 0.9x and 1.1x tried at the best
ratio, because the scorer sometimes prefers a slightly different register.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import parselmouth
from numpy.typing import NDArray

from pipeline.voices.speaker import RATE, Scorer
from pipeline.voices.transform import (
    PitchStats,
    Transform,
    change_gender,
    pitch_stats,
    range_factor,
)

Floats = NDArray[np.floating[Any]]
RATIOS = tuple(round(0.85 + 0.05 * step, 2) for step in range(12))  # 0.85 .. 1.40
PITCH_FACTORS = (0.9, 1.1)
EXCERPT_S = 5.0  # about three of Resemblyzer's 1.6 s windows; enough to rank the ratios
OnTry = Callable[[int, int], None]  # (tries made, tries in all), from the sweep's thread


@dataclass(frozen=True, slots=True)
class SweepResult:
    """The best transform, its score on the excerpt, the scorer's name and the tries made."""

    transform: Transform
    score: float
    scorer: str
    tries: int


def scorer_input(sound: parselmouth.Sound) -> Floats:
    """Mono samples at the scorers' rate."""
    values: Floats = sound.resample(RATE).values[0]
    return values


def excerpt(sound: parselmouth.Sound, seconds: float = EXCERPT_S) -> parselmouth.Sound:
    """The first `seconds` of `sound` (all of it when shorter)."""
    if sound.duration <= seconds:
        return sound
    return sound.extract_part(from_time=sound.xmin, to_time=sound.xmin + seconds)


def sweep_transform(
    stock: parselmouth.Sound,
    user: PitchStats,
    scorer: Scorer,
    *,
    ratios: tuple[float, ...] = RATIOS,
    pitch_factors: tuple[float, ...] = PITCH_FACTORS,
    on_try: OnTry | None = None,
) -> SweepResult:
    """The transform of `stock` closest to the user by `scorer` (blocking: run in a thread).

    The range factor is the user's p10-p90 range over the excerpt's; ratios are tried at the
    user's pitch median, then `pitch_factors` of that median at the best ratio. `on_try`
    hears each try scored.
    """
    clip = excerpt(stock)
    factor = range_factor(user, pitch_stats(clip))
    total, made = len(ratios) + len(pitch_factors), 0

    def score(transform: Transform) -> float:
        nonlocal made
        similarity = scorer.similarity(scorer_input(change_gender(clip, transform)))
        made += 1
        if on_try is not None:
            on_try(made, total)
        return similarity

    tried = [Transform(user.median_hz, factor, ratio) for ratio in ratios]
    scores = [score(transform) for transform in tried]
    best = int(np.argmax(scores))
    ratio = tried[best].formant_ratio
    for pitch in pitch_factors:
        tried.append(Transform(user.median_hz * pitch, factor, ratio))
        scores.append(score(tried[-1]))
    best = int(np.argmax(scores))
    return SweepResult(tried[best], scores[best], scorer.name, len(tried))
