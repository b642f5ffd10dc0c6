"""Quota windows counted ahead: rolling windows, YouTube's Pacific day, several rules."""

from datetime import UTC, datetime, timedelta

from core.enums import Platform
from core.publisher_settings import PublishQuotaSettings
from services.publish_quotas import QuotaRule, earliest_slot, next_room, quota_rules

NOW = datetime(2026, 12, 6, 18, 0, tzinfo=UTC)  # 10:00 in Los Angeles


def test_a_rolling_window_has_room_until_the_limit() -> None:
    rule = QuotaRule(limit=3, window=timedelta(days=1))
    starts = [NOW - timedelta(hours=h) for h in (20, 10)]
    assert next_room(rule, sorted(starts), NOW) is None


def test_a_full_rolling_window_opens_when_its_oldest_start_leaves() -> None:
    rule = QuotaRule(limit=2, window=timedelta(days=1))
    starts = sorted(NOW - timedelta(hours=h) for h in (20, 10, 30))  # 30 h ago is outside
    assert next_room(rule, starts, NOW) == NOW - timedelta(hours=20) + timedelta(days=1)


def test_youtubes_day_resets_at_midnight_pacific() -> None:
    rule = QuotaRule(limit=1, window=None)
    started = [NOW - timedelta(hours=1)]
    # 00:00 in Los Angeles on 7 December is 08:00 UTC (PST, UTC-8).
    assert next_room(rule, started, NOW) == datetime(2026, 12, 7, 8, 0, tzinfo=UTC)
    # A start before midnight Pacific (07:00 UTC is 23:00 the day before) does not count.
    assert next_room(rule, [datetime(2026, 12, 6, 7, 0, tzinfo=UTC)], NOW) is None


def test_tiktoks_minute_and_day_rules_take_the_later_room() -> None:
    quotas = PublishQuotaSettings(tiktok_inits_per_minute=2, tiktok_daily_posts=3)
    rules = quota_rules(Platform.TIKTOK, quotas)
    minute = sorted([NOW - timedelta(seconds=10), NOW - timedelta(seconds=40)])
    assert earliest_slot(rules, minute, NOW) == NOW + timedelta(seconds=20)
    day = sorted([NOW - timedelta(hours=5), NOW - timedelta(hours=4), NOW - timedelta(hours=3)])
    assert earliest_slot(rules, day, NOW) == NOW + timedelta(hours=19)


def test_telegram_channels_have_no_quota() -> None:
    rules = quota_rules(Platform.TELEGRAM, PublishQuotaSettings())
    assert earliest_slot(rules, [NOW] * 500, NOW) is None
