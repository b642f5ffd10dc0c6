"""The daily spend ceiling: how much a user may spend on paid providers per UTC day.

`check_daily_spend` is the one check, made before every paid call (through
`pipeline.wallet`); plans and quotas will reuse it. The day is the UTC day: it resets at
00:00 UTC for everyone. Admins (BOT__ADMIN_IDS) and the CLI's local user have no ceiling:
they are the operator, who pays the provider accounts and sets the ceiling for everyone
else (bounded by those accounts' own limits); their spending is still recorded.
"""

from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import DomainError
from core.settings import Settings
from db.models import LOCAL_USER_NAME, User
from db.queries import usage

CENT = Decimal("0.01")


class DailySpendExceeded(DomainError):
    """The call would take the user over today's ceiling: nothing was sent."""

    key = "error-daily-spend"
    template = (
        "Today's spending limit is reached: {spent} USD of {ceiling} USD spent, and the next "
        "paid step costs about {estimate} USD. It resets at 00:00 UTC, in {hours} h "
        "{minutes} min."
    )


def usd(value: Decimal | float) -> Decimal:
    """A price as a Decimal (through str: 0.1 stays 0.1)."""
    return value if isinstance(value, Decimal) else Decimal(str(value))


def day_start(now: datetime) -> datetime:
    """The start of `now`'s UTC day: the ceiling's window."""
    return now.replace(hour=0, minute=0, second=0, microsecond=0)


async def check_daily_spend(
    session: AsyncSession, user_id: int, *, estimate: Decimal, ceiling: Decimal, now: datetime
) -> Decimal:
    """Refuse a call of `estimate` USD that would take the user past `ceiling` today; return
    what the user has spent today.

    Raises:
        DailySpendExceeded: spent + estimate is over the ceiling (or the ceiling is reached).
    """
    spent = await usage.spent_since(session, user_id, day_start(now))
    if spent >= ceiling or spent + estimate > ceiling:
        left = day_start(now) + timedelta(days=1) - now
        minutes = max(1, int(left.total_seconds() // 60))
        raise DailySpendExceeded(
            spent=float(spent.quantize(CENT)),
            ceiling=float(ceiling.quantize(CENT)),
            estimate=float(max(estimate, CENT).quantize(CENT)),
            hours=minutes // 60,
            minutes=minutes % 60,
        )
    return spent


def daily_ceiling(user: User, settings: Settings) -> Decimal | None:
    """The user's ceiling in USD (LIMITS__DAILY_SPEND_USD); None for the operator: admins
    and the CLI's local user."""
    if user.telegram_id is not None and user.telegram_id in settings.bot.admin_ids:
        return None
    if user.telegram_id is None and user.name == LOCAL_USER_NAME:
        return None
    return usd(settings.limits.daily_spend_usd)
