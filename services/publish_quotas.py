"""Platform quotas counted ahead, per account: a publication that would exceed one waits for
the window that has room (and the person is told) instead of being sent to fail.

Every started publication counts (an upload costs quota whatever comes of it). The
platforms' own answers (YouTube's `quotaExceeded`, Instagram's content_publishing_limit,
TikTok's spam_risk errors) still arrive as QuotaExhausted and reschedule the same way.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from core.enums import Platform
from core.publisher_settings import PublishQuotaSettings

PACIFIC = ZoneInfo("America/Los_Angeles")  # YouTube's quota day


@dataclass(frozen=True, slots=True)
class QuotaRule:
    limit: int
    window: timedelta | None  # rolling window; None: the Pacific calendar day


def quota_rules(platform: Platform, quotas: PublishQuotaSettings) -> tuple[QuotaRule, ...]:
    day = timedelta(days=1)
    match platform:
        case Platform.YOUTUBE:
            return (QuotaRule(quotas.youtube_daily_uploads, None),)
        case Platform.INSTAGRAM:
            return (QuotaRule(quotas.instagram_daily_posts, day),)
        case Platform.TIKTOK:
            return (
                QuotaRule(quotas.tiktok_inits_per_minute, timedelta(minutes=1)),
                QuotaRule(quotas.tiktok_daily_posts, day),
            )
        case Platform.X:
            return (QuotaRule(quotas.x_daily_posts, day),)
        case Platform.TELEGRAM:
            return ()


def window_start(rule: QuotaRule, now: datetime) -> datetime:
    if rule.window is not None:
        return now - rule.window
    local = now.astimezone(PACIFIC)
    return local.replace(hour=0, minute=0, second=0, microsecond=0).astimezone(UTC)


def next_room(rule: QuotaRule, starts: Sequence[datetime], now: datetime) -> datetime | None:
    """None when one more start fits now; else when the window next has room. `starts`:
    the account's starts since `window_start(rule, now)`, oldest first."""
    since = window_start(rule, now)
    inside = [start for start in starts if start >= since]
    if len(inside) < rule.limit:
        return None
    if rule.window is not None:
        # The oldest start that must leave the window for one more to fit.
        return inside[len(inside) - rule.limit] + rule.window
    local = now.astimezone(PACIFIC)
    tomorrow = (local + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return tomorrow.astimezone(UTC)


def earliest_slot(
    rules: Sequence[QuotaRule], starts: Sequence[datetime], now: datetime
) -> datetime | None:
    """None when every rule has room now; else the latest of their next rooms."""
    waits = [when for rule in rules if (when := next_room(rule, starts, now)) is not None]
    return max(waits) if waits else None
