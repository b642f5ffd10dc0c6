"""Change notification without polling loops, and the ordered log of observable events."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from .records import Event

BOT_MESSAGE = "bot_message"
BOT_EDIT = "bot_edit"
BOT_DELETE = "bot_delete"
CALLBACK_ANSWER = "callback_answer"
CHAT_ACTION = "chat_action"
USER_MESSAGE = "user_message"
USER_CALLBACK = "user_callback"
REQUEST = "request"
PRE_CHECKOUT = "pre_checkout"  # a user pressed Pay: a pre_checkout_query went to the bot
PRE_CHECKOUT_ANSWER = "pre_checkout_answer"
PAYMENT = "payment"  # charged: a successful_payment message is in the chat
PAYMENT_FAILED = "payment_failed"  # declined by the bot, or not answered in time
REFUND = "refund"
BOT_OUTPUT = frozenset({BOT_MESSAGE, BOT_EDIT})


class Notifier:
    """Wakes every waiter on `notify()`; `wait_for` re-checks a predicate after each wake-up."""

    def __init__(self) -> None:
        self._event = asyncio.Event()
        self.closed = False

    def notify(self) -> None:
        event, self._event = self._event, asyncio.Event()
        event.set()

    def close(self) -> None:
        self.closed = True
        self.notify()

    async def wait_for(self, predicate: Callable[[], bool], timeout: float) -> bool:  # noqa: ASYNC109
        """True once `predicate()` holds; False on timeout or when closed."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + max(timeout, 0.0)
        while not predicate():
            remaining = deadline - loop.time()
            if self.closed or remaining <= 0:
                return False
            event = self._event
            try:
                await asyncio.wait_for(event.wait(), remaining)
            except TimeoutError:
                return predicate()
        return True


class EventLog:
    """Append-only list of `Event`s with blocking waits (used by BotClient and /_emulator)."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self._clock = clock
        self._events: list[Event] = []
        self.notifier = Notifier()

    @property
    def last_seq(self) -> int:
        return len(self._events)

    def emit(
        self,
        kind: str,
        chat_id: int | None,
        message_id: int | None = None,
        data: dict[str, Any] | None = None,
    ) -> Event:
        event = Event(len(self._events) + 1, self._clock(), kind, chat_id, message_id, data or {})
        self._events.append(event)
        self.notifier.notify()
        return event

    def since(
        self, seq: int = 0, chat_id: int | None = None, kinds: frozenset[str] | None = None
    ) -> list[Event]:
        return [
            event
            for event in self._events[max(seq, 0) :]
            if (chat_id is None or event.chat_id == chat_id)
            and (kinds is None or event.kind in kinds)
        ]

    async def wait(
        self,
        predicate: Callable[[Event], bool],
        since: int,
        timeout: float,  # noqa: ASYNC109
    ) -> Event | None:
        """First event after `since` matching `predicate`, waiting up to `timeout` seconds."""
        found: list[Event] = []
        checked = max(since, 0)

        def check() -> bool:
            nonlocal checked
            for event in self._events[checked:]:
                checked = event.seq
                if predicate(event):
                    found.append(event)
                    return True
            return False

        await self.notifier.wait_for(check, timeout)
        return found[0] if found else None
