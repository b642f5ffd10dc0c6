"""Telegram Stars around the plans: returning a user's Stars (a Protocol the bot implements
with refundStarPayment), and the renewal reminder jobs hand to the Notifier."""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol, runtime_checkable

from core.plans import PlanCode


class RefundResult(StrEnum):
    REFUNDED = "refunded"
    ALREADY_REFUNDED = "already_refunded"  # Telegram returned them before (e.g. its support)
    REFUSED = "refused"  # Telegram knows no such charge of this user
    UNAVAILABLE = "unavailable"  # Telegram could not be asked (network, 5xx, 429)


class StarRefunds(Protocol):
    async def refund_stars(self, telegram_id: int, charge_id: str) -> RefundResult:
        """Return the Stars of `charge_id` (Telegram's telegram_payment_charge_id) to the
        user; never raises for Telegram's answers."""
        ...


@dataclass(frozen=True, slots=True)
class PlanReminder:
    """A user's paid plan ends soon: they are told once, with a button to renew it."""

    user_id: int
    plan: PlanCode
    expires_at: datetime
    stars: int  # today's price of another `days`
    days: int


@runtime_checkable
class PlanNotifier(Protocol):
    """A Notifier that can reach the users' chats (the bot's) also tells them about plans."""

    async def plan_expiring(self, reminder: PlanReminder) -> bool:
        """Tell the user their plan ends soon, with a button to renew. True once they have it
        (or never can: they blocked the bot); False to try again on a later tick."""
        ...
