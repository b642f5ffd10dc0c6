"""What the emulated Telegram knows about payments: invoices, checkouts, charges, Stars.

Plain records and the ledger; the Bot API methods are in api_payments.py and the payer's
side (paying, forging a successful_payment) in payment_actions.py.
"""

from __future__ import annotations

import itertools
import secrets
from dataclasses import dataclass, field
from typing import Any

from .models import EmuUser, StoredMessage

STARS = "XTR"
DEFAULT_BALANCE = 1_000_000  # Stars each emulated user holds until a test sets otherwise
PRE_CHECKOUT_TIMEOUT = 10.0  # the bot must answer a pre_checkout_query within 10 s

PENDING, APPROVED, DECLINED, EXPIRED = "pending", "approved", "declined", "expired"


@dataclass
class Invoice:
    """An invoice the bot sent (`chat_id`/`message_id`) or made a link for (`link`)."""

    title: str
    description: str
    payload: str
    currency: str
    total_amount: int
    start_parameter: str = ""
    chat_id: int | None = None
    message_id: int | None = None
    link: str | None = None
    paid: bool = False

    def to_dict(self) -> dict[str, Any]:
        """The Bot API `Invoice` object carried by the invoice message."""
        return {
            "title": self.title,
            "description": self.description,
            "start_parameter": self.start_parameter,
            "currency": self.currency,
            "total_amount": self.total_amount,
        }


@dataclass
class Charge:
    """Money that moved: `telegram_payment_charge_id` is Telegram's, unique per payment."""

    charge_id: str
    provider_charge_id: str
    user_id: int
    currency: str
    total_amount: int
    payload: str
    date: int
    refunded_at: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """The `SuccessfulPayment` / `RefundedPayment` object of the service messages."""
        return {
            "currency": self.currency,
            "total_amount": self.total_amount,
            "invoice_payload": self.payload,
            "telegram_payment_charge_id": self.charge_id,
            "provider_payment_charge_id": self.provider_charge_id,
        }


@dataclass
class PreCheckout:
    """A user pressed Pay: the pre_checkout_query and what became of it."""

    id: str
    user: EmuUser
    invoice: Invoice
    created_at: float
    status: str = PENDING
    error_message: str | None = None
    update: dict[str, Any] | None = None
    charge: Charge | None = None
    payment_message: StoredMessage | None = None

    @property
    def paid(self) -> bool:
        return self.charge is not None


@dataclass
class PaymentLedger:
    """Invoices, open checkouts, charges, the bot's Star transactions and users' balances."""

    invoices: dict[tuple[int, int], Invoice] = field(default_factory=dict)
    links: dict[str, Invoice] = field(default_factory=dict)
    queries: dict[str, PreCheckout] = field(default_factory=dict)
    charges: dict[str, Charge] = field(default_factory=dict)
    transactions: list[dict[str, Any]] = field(default_factory=list)
    balances: dict[int, int] = field(default_factory=dict)
    pre_checkout_timeout: float = PRE_CHECKOUT_TIMEOUT
    max_invoice_stars: int = 100_000
    # False while a BotClient feeds updates itself: service messages then wait in `unfed`
    enqueue_updates: bool = True
    unfed: list[dict[str, Any]] = field(default_factory=list)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def balance(self, user_id: int) -> int:
        return self.balances.get(user_id, DEFAULT_BALANCE)

    def new_query_id(self, user_id: int) -> str:
        return f"{user_id}{next(self._ids):08d}"

    def new_charge_id(self) -> str:
        return f"stx{next(self._ids):06d}{secrets.token_hex(12)}"

    def new_link(self) -> str:
        return f"https://t.me/${next(self._ids):04d}{secrets.token_urlsafe(12)}"

    def record_charge(
        self,
        user: EmuUser,
        *,
        currency: str,
        total_amount: int,
        payload: str,
        date: int,
        charge_id: str | None = None,
    ) -> Charge:
        """A completed payment: Stars leave the user and an incoming transaction appears."""
        charge_id = charge_id or self.new_charge_id()
        if charge_id in self.charges:
            raise ValueError(f"charge {charge_id} already exists")
        provider_id = f"{user.id}_{next(self._ids)}"
        charge = Charge(charge_id, provider_id, user.id, currency, total_amount, payload, date)
        self.charges[charge_id] = charge
        if currency == STARS:
            self.balances[user.id] = self.balance(user.id) - total_amount
            self.transactions.append(_transaction(charge, date, "source", user))
        return charge

    def refund(self, charge: Charge, user: EmuUser, date: int) -> None:
        """Stars go back to the user; an outgoing transaction with the same id appears."""
        charge.refunded_at = date
        if charge.currency == STARS:
            self.balances[user.id] = self.balance(user.id) + charge.total_amount
            self.transactions.append(_transaction(charge, date, "receiver", user))

    def refunds(self) -> list[Charge]:
        return [c for c in self.charges.values() if c.refunded_at is not None]


def _transaction(charge: Charge, date: int, side: str, user: EmuUser) -> dict[str, Any]:
    """A `StarTransaction`: an incoming payment has a `source`, its refund a `receiver`;
    a refund has the id of the payment it returns (Bot API)."""
    partner = {
        "type": "user",
        "transaction_type": "invoice_payment",
        "user": user.to_dict(),
        "invoice_payload": charge.payload,
    }
    return {"id": charge.charge_id, "amount": charge.total_amount, "date": date, side: partner}
