"""A 0-1 quality score for a voice sample and the message key of its main problem.

Each aspect gets a sub-score from a linear ramp between "unusable" and "fine"; the score is
their product, so one bad aspect is enough to sink a sample, and the worst aspect names it.
"""

import math
from dataclasses import dataclass

from pipeline.voices.levels import Levels

OK_SCORE = 0.7  # at or above: "sample-ok"
GOOD_SCORE = 0.5  # at or above: the sample's speech counts towards a voice
SILENT_DB = -60.0  # loud speech (95th percentile of frames) below this: nothing was recorded
# Ramps: (value where the sub-score is 0, value where it is 1).
LEVEL_DB = (-50.0, -30.0)  # speech level, dBFS
SNR_DB = (8.0, 25.0)
SPEECH_S = (0.5, 3.0)
CLIPPING = (math.log10(0.02), math.log10(0.001))  # share of clipped samples, on a log scale


@dataclass(frozen=True, slots=True)
class Quality:
    score: float
    reason: str
    parts: dict[str, float]


def ramp(value: float, zero: float, one: float) -> float:
    """0 at `zero`, 1 at `one`, linear between and clamped (either direction)."""
    return min(max((value - zero) / (one - zero), 0.0), 1.0)


def is_silent(levels: Levels) -> bool:
    """True when not even the loudest frames reach speech level."""
    return levels.speech_level_db < SILENT_DB


def rate_sample(levels: Levels) -> Quality:
    """Score a sample from its levels; the reason is "sample-ok" or the worst aspect's key."""
    parts = {
        "sample-too-quiet": ramp(levels.speech_level_db, *LEVEL_DB),
        "sample-noisy": ramp(levels.snr_db, *SNR_DB),
        "sample-clipping": ramp(math.log10(max(levels.clipping, 1e-6)), *CLIPPING),
        "sample-too-short-speech": ramp(levels.speech_s, *SPEECH_S),
    }
    score = math.prod(parts.values())
    worst = min(parts, key=lambda key: parts[key])
    reason = "sample-ok" if score >= OK_SCORE else worst
    return Quality(round(score, 3), reason, {k: round(v, 3) for k, v in parts.items()})
