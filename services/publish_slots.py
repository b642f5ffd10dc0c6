"""When a scheduled post goes out: the person's next free slot (their slot times in their
zone, skipping those their scheduled posts already take), or a day, hour and minute they
picked in their zone."""

from collections.abc import Collection, Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from sqlalchemy.ext.asyncio import AsyncSession

from core.enums import Platform
from core.errors import DomainError, InvalidInput
from db.base import utcnow
from db.models.publication import Publication
from db.queries import publication_views
from services.analytics_report import best_hours
from services.user_settings import zone_of

DEFAULT_SLOT_TIMES: tuple[time, ...] = (time(9), time(13), time(18))
SEARCH_DAYS = 60  # a person with every slot taken this far ahead picks a time instead
SAME_SLOT = timedelta(minutes=1)
PICKER_DAYS = 14  # the inline picker offers today and the next 13 days
PICKER_MINUTES = (0, 15, 30, 45)


def next_free_slot(
    now: datetime,
    zone: tzinfo,
    taken: Iterable[datetime],
    slot_times: Sequence[time] = DEFAULT_SLOT_TIMES,
) -> datetime:
    """The first slot after `now` that no time in `taken` falls on (UTC)."""
    busy = sorted(t.astimezone(UTC) for t in taken)
    today = now.astimezone(zone).date()
    for offset in range(SEARCH_DAYS):
        day = today + timedelta(days=offset)
        for at in sorted(slot_times):
            slot = datetime.combine(day, at, tzinfo=zone).astimezone(UTC)
            if slot > now and not any(abs(slot - t) < SAME_SLOT for t in busy):
                return slot
    raise InvalidInput(what="slot", reason="every slot is taken; pick a time")


def picked_time(zone_name: str | None, day: date, hour: int, minute: int) -> datetime:
    """A time picked in the person's zone, in UTC (a nonexistent local time, in a DST gap,
    moves forward as `zoneinfo` resolves it)."""
    if not (0 <= hour < 24 and 0 <= minute < 60):  # noqa: PLR2004 - a clock's bounds
        raise InvalidInput(what="time", reason="no such time")
    return datetime.combine(day, time(hour, minute), tzinfo=zone_of(zone_name)).astimezone(UTC)


class TimeInPast(DomainError):
    key = "error-publish-time-past"
    template = "{when} is in the past"


def check_future(when: datetime, now: datetime | None = None) -> datetime:
    """`when` if it is still ahead (by more than the grace that counts as "now")."""
    if when <= (now or utcnow()):
        raise TimeInPast(when=when.isoformat())
    return when


def picker_days(zone_name: str | None, now: datetime | None = None) -> list[date]:
    """The days the picker offers, starting today in the person's zone."""
    today = (now or utcnow()).astimezone(zone_of(zone_name)).date()
    return [today + timedelta(days=n) for n in range(PICKER_DAYS)]


def _times_taken(publications: Iterable[Publication]) -> list[datetime]:
    """When each goes out: its due time, or the time its platform publishes it at."""
    found = []
    for publication in publications:
        when = publication.due_at or publication.choices.publish_at
        if when is not None:
            found.append(when if when.tzinfo else when.replace(tzinfo=UTC))
    return found


async def learned_slot_times(
    session: AsyncSession, user_id: int, platforms: Collection[Platform] | None = None
) -> tuple[time, ...]:
    """The learned best local hours of `platforms` (None: all) that have enough data; empty
    until then."""
    learned = await best_hours(session, user_id)
    hours = {int(r.value) for p, r in learned.items() if platforms is None or p in platforms}
    return tuple(time(hour) for hour in sorted(hours))


async def next_slot(
    session: AsyncSession,
    user_id: int,
    zone_name: str | None,
    *,
    slot_times: Sequence[time] | None = None,
    platforms: Collection[Platform] | None = None,
    now: datetime | None = None,
) -> datetime:
    """The person's next free slot (UTC): at the learned best hour of the platforms posted
    to once analytics has enough data for one, else at `DEFAULT_SLOT_TIMES`."""
    if slot_times is None:
        slot_times = await learned_slot_times(session, user_id, platforms) or DEFAULT_SLOT_TIMES
    waiting = await publication_views.waiting(session, user_id)
    return next_free_slot(now or utcnow(), zone_of(zone_name), _times_taken(waiting), slot_times)
