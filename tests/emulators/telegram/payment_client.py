"""BotClient's payment side: pay an invoice, forge or replay a successful_payment."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import events as ev
from .models import EmuUser, StoredMessage
from .payments import PENDING, STARS, PreCheckout

if TYPE_CHECKING:
    from aiogram import Bot, Dispatcher

    from .emulator import TelegramEmulator


class PaymentClient:
    """Mixin for BotClient (which provides the attributes below)."""

    emulator: TelegramEmulator
    user: EmuUser
    dispatcher: Dispatcher | None
    bot: Bot | None
    _action_seq: int
    _cursor: int

    @property
    def feeds_directly(self) -> bool:
        return self.dispatcher is not None

    async def _deliver(self, update: dict[str, Any] | None) -> None:
        if self.dispatcher is not None and self.bot is not None and update is not None:
            await self.dispatcher.feed_raw_update(self.bot, update)
            await self.feed_service_updates()

    async def feed_service_updates(self) -> None:
        """Feed mode: delivers the service messages the bot's own calls caused
        (successful_payment after answerPreCheckoutQuery, refunded_payment)."""
        ledger = self.emulator.state.payments
        while ledger.unfed and self.dispatcher is not None and self.bot is not None:
            await self.dispatcher.feed_raw_update(self.bot, ledger.unfed.pop(0))

    async def pays(
        self,
        invoice: StoredMessage | str,
        *,
        timeout: float | None = None,  # noqa: ASYNC109
    ) -> PreCheckout:
        """Presses Pay on an invoice message (or opens an invoice link) and waits for the
        bot's answerPreCheckoutQuery, up to `payments.pre_checkout_timeout` seconds (or
        `timeout`); no answer by then fails the payment. Returns the checkout: `status`
        approved / declined / expired, `error_message`, `charge`, `payment_message`."""
        emulator = self.emulator
        self._action_seq = self._cursor = since = emulator.events.last_seq
        query = emulator.user_pays(self.user, invoice, enqueue=not self.feeds_directly)
        await self._deliver(query.update)
        limit = emulator.payments.pre_checkout_timeout if timeout is None else timeout
        if query.status == PENDING:
            await emulator.events.wait(
                lambda e: e.kind == ev.PRE_CHECKOUT_ANSWER and e.data["query_id"] == query.id,
                since=since,
                timeout=limit,
            )
        emulator.expire_checkout(query)
        await self.feed_service_updates()
        return query

    async def forge_payment(
        self,
        *,
        payload: str,
        total_amount: int,
        currency: str = STARS,
        charge_id: str | None = None,
        record_charge: bool = False,
    ) -> StoredMessage:
        """Sends a successful_payment no checkout confirmed (see `forge_successful_payment`)."""
        self._action_seq = self._cursor = self.emulator.events.last_seq
        message = self.emulator.forge_successful_payment(
            self.user,
            payload=payload,
            total_amount=total_amount,
            currency=currency,
            charge_id=charge_id,
            record_charge=record_charge,
            enqueue=not self.feeds_directly,
        )
        await self._deliver(message.update)
        return message

    async def replay(self, message: StoredMessage) -> None:
        """Delivers `message` (e.g. a successful_payment) to the bot once more."""
        self._action_seq = self._cursor = self.emulator.events.last_seq
        await self._deliver(self.emulator.replay_message(message, enqueue=not self.feeds_directly))
