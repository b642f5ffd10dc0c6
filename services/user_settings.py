"""The person's publishing settings: their time zone (schedules are picked and shown in it)
and their answer to "label my posts as AI-generated?", asked once before the first post."""

import re
from datetime import tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import DomainError, NotFound
from db.models import User
from db.queries import users

# The zones /timezone offers as buttons; anything else is typed.
COMMON_ZONES = (
    "Europe/Moscow", "Europe/Kyiv", "Europe/Minsk", "Asia/Almaty", "Asia/Tashkent",
    "Asia/Tbilisi", "Asia/Yerevan", "Europe/Berlin", "Europe/London", "America/New_York",
    "America/Los_Angeles", "UTC",
)  # fmt: skip
OFFSET = re.compile(r"^(?:utc|gmt)?\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?$", re.IGNORECASE)
MAX_OFFSET_H = 14


class UnknownTimeZone(DomainError):
    key = "error-timezone-unknown"
    template = "{zone!r} is not a time zone name or a UTC offset"


class OffsetNotWholeHours(DomainError):
    key = "error-timezone-offset"
    template = "UTC offset {zone!r} is not whole hours; a city's zone name is needed"


def zone_of(name: str | None) -> tzinfo:
    """The stored zone (None: UTC)."""
    return ZoneInfo(name or "UTC")


def parse_zone(text: str) -> str:
    """The IANA name for `text`: a zone name in any case ("europe/berlin"), "UTC", or a
    whole-hour UTC offset ("UTC+3", "-05:00"), which becomes its `Etc/GMT` zone."""
    cleaned = text.strip().replace(" ", "_")
    if cleaned.upper() in ("UTC", "GMT", "Z"):
        return "UTC"
    if (match := OFFSET.match(text.strip())) is not None:
        sign, hours, minutes = match.group(1), int(match.group(2)), int(match.group(3) or 0)
        if minutes:
            raise OffsetNotWholeHours(zone=text.strip())
        if hours > MAX_OFFSET_H:
            raise UnknownTimeZone(zone=text.strip())
        if hours == 0:
            return "UTC"
        # POSIX-style names: Etc/GMT-3 is three hours ahead of UTC.
        return f"Etc/GMT{'-' if sign == '+' else '+'}{hours}"
    by_lower = {name.lower(): name for name in available_timezones()}
    name = by_lower.get(cleaned.lower())
    if name is None:
        raise UnknownTimeZone(zone=text.strip()[:64])
    try:
        ZoneInfo(name)
    except ZoneInfoNotFoundError as error:  # listed but unreadable: a broken tzdata
        raise UnknownTimeZone(zone=name) from error
    return name


def zone_label(name: str | None) -> str:
    """How a zone is shown: its name, or "UTC+3" for an offset zone."""
    if not name:
        return "UTC"
    if name.startswith("Etc/GMT") and len(name) > len("Etc/GMT"):
        hours = name[len("Etc/GMT") :]
        return f"UTC{'+' if hours[0] == '-' else '-'}{hours[1:]}"
    return name


async def _user(session: AsyncSession, user_id: int) -> User:
    user = await users.get_user(session, user_id)
    if user is None:
        raise NotFound(what="user")
    return user


async def set_timezone(session: AsyncSession, user_id: int, text: str) -> User:
    """Store the zone `text` names (see `parse_zone`); UnknownTimeZone when it names none."""
    name = parse_zone(text)
    user = await _user(session, user_id)
    user.timezone = name
    await session.commit()
    return user


async def set_ai_disclosure(session: AsyncSession, user_id: int, *, label: bool) -> User:
    """Store whether the person's posts are labelled AI-generated (the platforms' flags)."""
    user = await _user(session, user_id)
    user.ai_disclosure = label
    await session.commit()
    return user
