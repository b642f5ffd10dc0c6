"""When a published post's metrics are read next: hourly while it is young, then daily, then
weekly, then never (METRICS__* tiers). Pure: no clock, no I/O.

Reads fall on a grid counted from the publication (hour 1, 2, ... 24, day 2, 3, ... 30,
week 5, 6, ...), so a pass that runs late does not push every later read back.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from core.enums import MetricsState, Platform
from core.metrics_settings import MetricsSettings

HOUR = timedelta(hours=1)
DAY = timedelta(days=1)
WEEK = timedelta(weeks=1)
# Platforms that give bots no numbers to read (Telegram channels: views need MTProto).
UNREADABLE: frozenset[Platform] = frozenset({Platform.TELEGRAM})


@dataclass(frozen=True, slots=True)
class Tier:
    step: timedelta
    until: timedelta  # age at which the next tier takes over


@dataclass(frozen=True, slots=True)
class Cadence:
    tiers: tuple[Tier, ...]

    @classmethod
    def from_settings(cls, settings: MetricsSettings) -> "Cadence":
        return cls((
            Tier(HOUR, timedelta(hours=settings.hourly_for_h)),
            Tier(DAY, timedelta(days=settings.daily_for_days)),
            Tier(WEEK, timedelta(days=settings.weekly_for_days)),
        ))  # fmt: skip


DEFAULT_CADENCE = Cadence.from_settings(MetricsSettings())


def next_read_at(
    published_at: datetime, now: datetime, cadence: Cadence = DEFAULT_CADENCE
) -> datetime | None:
    """The first grid point after `now` of the tier the post's age is in; None once the post
    is older than the last tier."""
    age = max(now - published_at, timedelta())
    for tier in cadence.tiers:
        if age < tier.until:
            steps = age // tier.step + 1
            return published_at + min(steps * tier.step, tier.until)
    return None


def metrics_start(
    platform: Platform,
    post_id: str | None,
    published_at: datetime,
    cadence: Cadence = DEFAULT_CADENCE,
) -> tuple[MetricsState | None, datetime | None]:
    """`(metrics_state, metrics_due_at)` of a publication that has just become PUBLISHED."""
    if platform in UNREADABLE:
        return MetricsState.UNSUPPORTED, None
    if post_id is None:  # confirmed by its owner without the platform's ID: nothing to ask
        return None, None
    return MetricsState.COLLECTING, next_read_at(published_at, published_at, cadence)
