"""The next free slot and a picked time, in the person's zone (pure: no database)."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from core.errors import InvalidInput
from services.publish_slots import (
    SEARCH_DAYS,
    TimeInPast,
    check_future,
    next_free_slot,
    picked_time,
    picker_days,
)

MOSCOW = ZoneInfo("Europe/Moscow")
BERLIN = ZoneInfo("Europe/Berlin")


def at(zone: ZoneInfo, day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=zone).astimezone(UTC)


def test_the_next_slot_is_the_first_ahead_in_the_persons_zone() -> None:
    now = at(MOSCOW, date(2026, 12, 7), 10, 0)
    assert next_free_slot(now, MOSCOW, []) == at(MOSCOW, date(2026, 12, 7), 13, 0)
    late = at(MOSCOW, date(2026, 12, 7), 19, 0)
    assert next_free_slot(late, MOSCOW, []) == at(MOSCOW, date(2026, 12, 8), 9, 0)


def test_taken_slots_are_skipped_and_custom_times_used() -> None:
    now = at(MOSCOW, date(2026, 12, 7), 10, 0)
    taken = [at(MOSCOW, date(2026, 12, 7), 13, 0), at(MOSCOW, date(2026, 12, 7), 18, 0)]
    assert next_free_slot(now, MOSCOW, taken) == at(MOSCOW, date(2026, 12, 8), 9, 0)
    slots = (time(20, 30),)
    assert next_free_slot(now, MOSCOW, taken, slots) == at(MOSCOW, date(2026, 12, 7), 20, 30)


def test_every_slot_taken_asks_for_a_pick() -> None:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    taken = [now + timedelta(days=day, hours=9) for day in range(SEARCH_DAYS)]
    with pytest.raises(InvalidInput):
        next_free_slot(now, UTC, taken, (time(9),))
    assert next_free_slot(now, UTC, taken[:-1], (time(9),)) == taken[-1]


def test_a_picked_time_across_a_dst_change() -> None:
    summer = picked_time("Europe/Berlin", date(2027, 7, 1), 9, 30)
    winter = picked_time("Europe/Berlin", date(2027, 1, 1), 9, 30)
    assert (summer, winter) == (
        datetime(2027, 7, 1, 7, 30, tzinfo=UTC),
        datetime(2027, 1, 1, 8, 30, tzinfo=UTC),
    )
    assert picked_time(None, date(2027, 1, 1), 0, 45) == datetime(2027, 1, 1, 0, 45, tzinfo=UTC)
    with pytest.raises(InvalidInput):
        picked_time("UTC", date(2027, 1, 1), 24, 0)


def test_past_times_are_refused_and_days_start_today_in_the_zone() -> None:
    now = datetime(2026, 12, 6, 22, 30, tzinfo=UTC)  # already the 7th in Moscow
    with pytest.raises(TimeInPast):
        check_future(datetime(2026, 12, 6, 22, 0, tzinfo=UTC), now)
    assert check_future(datetime(2026, 12, 6, 23, 0, tzinfo=UTC), now)
    days = picker_days("Europe/Moscow", now)
    assert (days[0], len(days)) == (date(2026, 12, 7), 14)
    assert picker_days(None, now)[0] == date(2026, 12, 6)
