"""Engagement that grows with simulated time, shared by the platform emulators.

A post's counts are a pure function of (post ID, emulator clock - publish time): views grow
as `a * sqrt(hours)` with a per-post `a` taken from a hash of the ID, the other counts are
per-post fractions of the views. So a test that advances the emulator's clock sees the
numbers grow, and two runs see the same numbers. Scripted corrections (a platform lowering
a count it over-reported) are subtracted on top and can make a count go down.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

COUNTS = ("views", "likes", "comments", "shares", "saves", "watch_time_s", "reach")


def _unit(post_id: str, salt: str) -> float:
    """A number in [0, 1) fixed by the post ID (the same in every run)."""
    digest = hashlib.sha256(f"{salt}:{post_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def post_counts(post_id: str, age_s: float) -> dict[str, int | float]:
    """Every count of a post `age_s` seconds after it was published (0 before)."""
    hours = max(age_s, 0.0) / 3600
    views = round((40 + 460 * _unit(post_id, "a")) * math.sqrt(hours))
    return {
        "views": views,
        "likes": int(views * (0.02 + 0.08 * _unit(post_id, "likes"))),
        "comments": int(views * (0.002 + 0.01 * _unit(post_id, "comments"))),
        "shares": int(views * (0.005 + 0.02 * _unit(post_id, "shares"))),
        "saves": int(views * (0.003 + 0.015 * _unit(post_id, "saves"))),
        "watch_time_s": round(views * (4 + 16 * _unit(post_id, "watch")), 1),
        "reach": int(views * (0.6 + 0.3 * _unit(post_id, "reach"))),
    }


@dataclass
class PostMetricsModel:
    """Counts for posts, read at the emulator's clock, with scripted corrections."""

    now: Callable[[], datetime]
    corrections: dict[str, dict[str, int]] = field(default_factory=dict)

    def counts(self, post_id: str, published_at: datetime) -> dict[str, int | float]:
        counts = post_counts(post_id, (self.now() - published_at).total_seconds())
        for name, delta in self.corrections.get(post_id, {}).items():
            counts[name] = max(counts[name] + delta, 0)
        return counts

    def correct(self, post_id: str, **deltas: int) -> None:
        """The platform lowers (negative delta) or raises a count from now on."""
        unknown = set(deltas) - set(COUNTS)
        if unknown:
            raise ValueError(f"unknown counts {sorted(unknown)}")
        mine = self.corrections.setdefault(post_id, {})
        for name, delta in deltas.items():
            mine[name] = mine.get(name, 0) + delta
