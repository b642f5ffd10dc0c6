"""Acting as a paying user: pressing Pay (a pre_checkout_query), letting the checkout lapse,
and forging or replaying successful_payment messages to test the bot's own checks."""

from __future__ import annotations

import copy
from typing import Any

from . import events as ev
from .actions import UserActions
from .api_payments import fail_checkout
from .models import EmuUser, StoredMessage
from .payments import EXPIRED, PENDING, STARS, Invoice, PaymentLedger, PreCheckout


class PaymentActions(UserActions):
    """Mixin for TelegramEmulator: the payer's side of the Payments API."""

    @property
    def payments(self) -> PaymentLedger:
        """Invoices, checkouts, charges (`charges[charge_id]`), Star transactions, balances."""
        return self.state.payments

    def star_balance(self, user: EmuUser | int) -> int:
        return self.state.payments.balance(user if isinstance(user, int) else user.id)

    def set_star_balance(self, user: EmuUser | int, stars: int) -> None:
        self.state.payments.balances[user if isinstance(user, int) else user.id] = stars

    def invoice_of(self, invoice: StoredMessage | str) -> Invoice:
        """The invoice behind a bot's invoice message or an invoice link."""
        ledger = self.state.payments
        if isinstance(invoice, str):
            found = ledger.links.get(invoice)
        else:
            found = ledger.invoices.get((invoice.chat_id, invoice.message_id))
        if found is None:
            raise LookupError(f"{invoice!r} is not an invoice the bot sent")
        return found

    def user_pays(
        self, user: EmuUser, invoice: StoredMessage | str, *, enqueue: bool = True
    ) -> PreCheckout:
        """The user presses Pay: a pre_checkout_query update goes to the bot, which must
        answer within `payments.pre_checkout_timeout` seconds (answerPreCheckoutQuery)."""
        found = self.invoice_of(invoice)
        if found.paid:
            raise ValueError("this invoice message is already paid")
        if found.currency == STARS and self.star_balance(user) < found.total_amount:
            raise ValueError(f"user {user.id} has {self.star_balance(user)} Stars only")
        if user.id not in self.state.users:
            self.state.add_user(user)
        ledger = self.state.payments
        query = PreCheckout(ledger.new_query_id(user.id), user, found, self.state.clock())
        ledger.queries[query.id] = query
        payload = {
            "id": query.id,
            "from": user.to_dict(),
            "currency": found.currency,
            "total_amount": found.total_amount,
            "invoice_payload": found.payload,
        }
        query.update = self.state.updates.create("pre_checkout_query", payload, enqueue=enqueue)
        self.state.events.emit(ev.PRE_CHECKOUT, user.id, found.message_id, {"id": query.id})
        return query

    def expire_checkout(self, query: PreCheckout) -> None:
        """The bot did not answer in time: the payment fails (a later answer is refused)."""
        if query.status == PENDING:
            fail_checkout(self.state, query, EXPIRED)

    def forge_successful_payment(
        self,
        user: EmuUser,
        *,
        payload: str,
        total_amount: int,
        currency: str = STARS,
        charge_id: str | None = None,
        record_charge: bool = False,
        enqueue: bool = True,
    ) -> StoredMessage:
        """A successful_payment message Telegram never confirmed through a checkout (another
        user's payload, a wrong amount). With `record_charge` the money did move, so
        refundStarPayment can return it; otherwise the charge id is unknown to Telegram."""
        now = self.state.now()
        if record_charge:
            charge = self.state.payments.record_charge(
                user,
                currency=currency,
                total_amount=total_amount,
                payload=payload,
                date=now,
                charge_id=charge_id,
            )
            content = charge.to_dict()
        else:
            content = {
                "currency": currency,
                "total_amount": total_amount,
                "invoice_payload": payload,
                "telegram_payment_charge_id": charge_id or self.state.payments.new_charge_id(),
                "provider_payment_charge_id": f"{user.id}_forged",
            }
        return self._deliver(user, None, {"successful_payment": content}, enqueue=enqueue)

    def replay_message(self, message: StoredMessage, *, enqueue: bool = True) -> dict[str, Any]:
        """The same message delivered again in a new update (a duplicate delivery)."""
        if message.update is None:
            raise ValueError("this message never reached the bot as an update")
        kind = next(key for key in message.update if key != "update_id")
        payload = copy.deepcopy(message.update[kind])
        return self.state.updates.create(kind, payload, enqueue=enqueue)
