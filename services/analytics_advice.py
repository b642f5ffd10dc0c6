"""What did best, with the evidence: for each dimension (topic words, style, tone, length,
posting hour; the hour also per platform) the value whose Shorts had the highest mean
engagement rate against the rest, once both sides have `MIN_SHORTS` and the difference is at
least a small effect (Cohen's d >= `MIN_EFFECT`). Otherwise a sensible default, said to be one.
"""

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from statistics import fmean, variance

from core.enums import Platform
from pipeline.writers.phrases import load_bank
from services.analytics_models import Dimension, Evidence, Recommendation
from services.analytics_numbers import PostStats, ShortStats

MIN_SHORTS = 3  # Shorts with numbers on each side before a value is called the best
MIN_EFFECT = 0.2  # Cohen's "small": below it the "winner" is noise
MAX_EFFECT = 10.0  # d with no spread on either side would be infinite: capped
DEFAULT_STYLE, DEFAULT_TONE = "vivid", "friendly"  # services.projects.ProjectRequest's
DEFAULT_LENGTH = "30-45"  # seconds: long enough for a point, short enough to be watched out
DEFAULT_HOUR = 19  # local evening (18-21), when most people scroll
MIN_WORD_CHARS = 4
WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Sample:
    """One Short (or one post) as seen by a dimension: its values and how it did."""

    values: frozenset[str]
    rate: float
    views: int


@cache
def _stopwords() -> frozenset[str]:
    return load_bank("ru").stopwords | load_bank("en").stopwords


def topic_words(topic: str) -> frozenset[str]:
    """The topic's key words: lower case, no stop words, no short ones."""
    words = (w.lower() for w in WORD.findall(topic))
    return frozenset(w for w in words if len(w) >= MIN_WORD_CHARS and w not in _stopwords())


def cohens_d(group: Sequence[float], rest: Sequence[float]) -> float:
    """(mean - rest mean) / pooled standard deviation, capped at +-MAX_EFFECT."""
    n1, n2 = len(group), len(rest)
    spread1 = variance(group) if n1 > 1 else 0.0
    spread2 = variance(rest) if n2 > 1 else 0.0
    pooled = math.sqrt(((n1 - 1) * spread1 + (n2 - 1) * spread2) / max(n1 + n2 - 2, 1))
    difference = fmean(group) - fmean(rest)
    if pooled == 0:
        return 0.0 if difference == 0 else math.copysign(MAX_EFFECT, difference)
    return max(-MAX_EFFECT, min(MAX_EFFECT, difference / pooled))


def best_value(samples: Sequence[Sample]) -> tuple[str, Evidence] | None:
    """The value with the highest mean rate (then mean views), if it clearly did best."""
    candidates = []
    for value in sorted({v for s in samples for v in s.values}):
        inside = [s for s in samples if value in s.values]
        rest = [s for s in samples if value not in s.values]
        if len(inside) < MIN_SHORTS or len(rest) < MIN_SHORTS:
            continue
        rates, rest_rates = [s.rate for s in inside], [s.rate for s in rest]
        evidence = Evidence(
            n=len(inside), rest_n=len(rest), mean=fmean(rates), rest_mean=fmean(rest_rates),
            effect=cohens_d(rates, rest_rates),
        )  # fmt: skip
        candidates.append((evidence.mean, fmean(s.views for s in inside), value, evidence))
    if not candidates:
        return None
    _, _, value, evidence = max(candidates, key=lambda c: (c[0], c[1]))
    return (value, evidence) if evidence.effect >= MIN_EFFECT else None


def _short_values(short: ShortStats, dimension: Dimension) -> frozenset[str]:
    if dimension == "topic":
        return topic_words(short.topic)
    if dimension == "hour":
        return frozenset() if short.hour is None else frozenset({str(short.hour)})
    one = {"style": short.style, "tone": short.tone, "length": short.length}[dimension]
    return frozenset({one})


def _samples(shorts: Iterable[ShortStats], dimension: Dimension) -> list[Sample]:
    return [
        Sample(_short_values(s, dimension), s.numbers.engagement_rate, s.numbers.views or 0)
        for s in shorts
        if s.numbers.engagement_rate is not None
    ]


def _learned(
    dimension: Dimension, samples: Sequence[Sample], platform: Platform | None = None
) -> Recommendation | None:
    found = best_value(samples)
    if found is None:
        return None
    value, evidence = found
    return Recommendation(dimension, value, platform, evidence, is_default=False)


def hours_by_platform(posts: Iterable[PostStats]) -> dict[Platform, Recommendation]:
    """The learned best local posting hour of each platform that has enough data."""
    per_platform: dict[Platform, list[Sample]] = {}
    for post in posts:
        rate = post.numbers.engagement_rate
        if rate is not None and post.hour is not None:
            sample = Sample(frozenset({str(post.hour)}), rate, post.numbers.views or 0)
            per_platform.setdefault(post.post.platform, []).append(sample)
    learned = {p: _learned("hour", s, p) for p, s in per_platform.items()}
    return {p: rec for p in Platform if (rec := learned.get(p)) is not None}


def usual(values: Iterable[str]) -> str | None:
    """The most frequent value (ties: the first seen)."""
    counted = Counter(values)
    return counted.most_common(1)[0][0] if counted else None


def recommendations(
    shorts: Sequence[ShortStats], posts: Sequence[PostStats], *,
    usual_style: str | None, usual_tone: str | None,
) -> tuple[Recommendation, ...]:  # fmt: skip
    """Every dimension's learned winner, or its default (no default for topics)."""
    defaults: dict[Dimension, str] = {
        "style": usual_style or DEFAULT_STYLE,
        "tone": usual_tone or DEFAULT_TONE,
        "length": DEFAULT_LENGTH,
        "hour": str(DEFAULT_HOUR),
    }
    found: list[Recommendation] = []
    if (topic := _learned("topic", _samples(shorts, "topic"))) is not None:
        found.append(topic)
    for dimension, default in defaults.items():
        learned = _learned(dimension, _samples(shorts, dimension))
        found.append(learned or Recommendation(dimension, default, None, None, is_default=True))
    found.extend(hours_by_platform(posts).values())
    return tuple(found)
