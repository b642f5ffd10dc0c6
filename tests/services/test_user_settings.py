"""Time zones as people type them: names in any case, UTC offsets, and what is refused."""

import pytest

from services.user_settings import (
    COMMON_ZONES,
    OffsetNotWholeHours,
    UnknownTimeZone,
    parse_zone,
    zone_label,
    zone_of,
)


@pytest.mark.parametrize(
    ("typed", "stored", "shown"),
    [
        ("Europe/Berlin", "Europe/Berlin", "Europe/Berlin"),
        ("  europe/kyiv ", "Europe/Kyiv", "Europe/Kyiv"),
        ("America/New York", "America/New_York", "America/New_York"),
        ("utc", "UTC", "UTC"),
        ("UTC+3", "Etc/GMT-3", "UTC+3"),
        ("+05:00", "Etc/GMT-5", "UTC+5"),
        ("GMT-8", "Etc/GMT+8", "UTC-8"),
        ("utc+0", "UTC", "UTC"),
    ],
)
def test_names_and_offsets(typed: str, stored: str, shown: str) -> None:
    assert parse_zone(typed) == stored
    assert zone_label(stored) == shown
    zone_of(stored)  # loads


@pytest.mark.parametrize("typed", ["Mars/Olympus", "", "UTC+15", "Moscow"])
def test_what_is_no_zone(typed: str) -> None:
    with pytest.raises(UnknownTimeZone):
        parse_zone(typed)


def test_a_half_hour_offset_asks_for_a_name() -> None:
    with pytest.raises(OffsetNotWholeHours):
        parse_zone("+5:30")


def test_every_offered_zone_loads() -> None:
    assert [parse_zone(name) for name in COMMON_ZONES] == list(COMMON_ZONES)
    assert zone_label(None) == "UTC"
