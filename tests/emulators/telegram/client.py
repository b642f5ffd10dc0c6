"""BotClient: a person chatting with the bot under test, with event-based waits."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from . import events as ev
from .models import EmuChat, EmuUser, StoredMessage
from .payment_client import PaymentClient
from .records import CallbackRecord, Event

if TYPE_CHECKING:
    from aiogram import Bot, Dispatcher

    from .emulator import TelegramEmulator
    from .media_actions import MediaSource

Predicate = Callable[[StoredMessage], bool]


class BotClient(PaymentClient):
    """Sends as `user` in their private chat (or `chat`), clicks buttons, waits for replies.

    With `dispatcher` and `bot`, each update is fed straight to `dispatcher.feed_raw_update`
    (the handlers have finished when `send`/`click` return); otherwise it is queued for
    getUpdates/webhook and a running `dp.start_polling(bot)` picks it up. Paying, forging
    and replaying payments: see PaymentClient.
    """

    def __init__(
        self,
        emulator: TelegramEmulator,
        user: EmuUser | None = None,
        *,
        chat: EmuChat | None = None,
        dispatcher: Dispatcher | None = None,
        bot: Bot | None = None,
        timeout: float = 5.0,
    ) -> None:
        if (dispatcher is None) != (bot is None):
            raise ValueError("pass both dispatcher and bot (feed mode) or neither (polling)")
        self.emulator = emulator
        self.user = user or emulator.add_user()
        if self.user.id not in emulator.state.users:
            emulator.state.add_user(self.user)
        self.chat = chat or emulator.state.chats[self.user.id]
        self.dispatcher, self.bot = dispatcher, bot
        self.timeout = timeout
        self._action_seq = self._cursor = emulator.events.last_seq
        if self.feeds_directly:  # service messages wait for this client to feed them
            emulator.state.payments.enqueue_updates = False

    async def _act(self, make: Callable[[bool], StoredMessage]) -> StoredMessage:
        self._action_seq = self._cursor = self.emulator.events.last_seq
        message = make(not self.feeds_directly)
        await self._deliver(message.update)
        return message

    async def send(self, text: str, *, reply_to: StoredMessage | None = None) -> StoredMessage:
        emu, user, chat = self.emulator, self.user, self.chat
        return await self._act(
            lambda enqueue: emu.user_sends_text(
                user, chat, text, reply_to=reply_to, enqueue=enqueue
            )
        )

    async def command(self, command: str, args: str = "") -> StoredMessage:
        emu, user, chat = self.emulator, self.user, self.chat
        return await self._act(
            lambda enqueue: emu.user_sends_command(user, chat, command, args, enqueue=enqueue)
        )

    async def send_media(self, kind: str, source: MediaSource, **options: Any) -> StoredMessage:
        """Any media kind; options as for `TelegramEmulator.user_sends_media`."""
        emu, user, chat = self.emulator, self.user, self.chat
        return await self._act(
            lambda enqueue: emu.user_sends_media(
                user, chat, kind, source, enqueue=enqueue, **options
            )
        )

    async def send_voice(
        self, source: MediaSource, *, duration: int | None = None, mime_type: str = "audio/ogg"
    ) -> StoredMessage:
        return await self.send_media("voice", source, duration=duration, mime_type=mime_type)

    async def send_photo(
        self, source: MediaSource, *, caption: str | None = None
    ) -> StoredMessage:
        return await self.send_media("photo", source, caption=caption)

    async def send_document(
        self, source: MediaSource, file_name: str = "file.bin", mime_type: str | None = None
    ) -> StoredMessage:
        return await self.send_media("document", source, file_name=file_name, mime_type=mime_type)

    async def click(
        self, button: str | int, *, message: StoredMessage | None = None
    ) -> CallbackRecord:
        """Presses a button (by text, or int 1-based index) of `message`, by default the
        newest bot message with an inline keyboard."""
        target = message or self.emulator.last_keyboard_message(self.chat.id)
        if target is None:
            raise LookupError("the bot has not sent any message with inline buttons")
        target = self.emulator.state.message(target.chat_id, target.message_id) or target
        return await self.click_data(target.callback_data_of(button), message=target)

    async def click_data(
        self, callback_data: str, *, message: StoredMessage | None = None
    ) -> CallbackRecord:
        target = message or self.emulator.last_keyboard_message(self.chat.id)
        if target is None:
            raise LookupError("the bot has not sent any message with inline buttons")
        self._action_seq = self._cursor = self.emulator.events.last_seq
        record = self.emulator.user_clicks(
            self.user, target, callback_data, enqueue=not self.feeds_directly
        )
        await self._deliver(record.update)
        return record

    async def wait_for_event(
        self,
        matches: Callable[[Event], bool],
        timeout: float | None = None,  # noqa: ASYNC109
    ) -> Event:
        """The next event (after the last one returned) in this chat satisfying `matches`."""
        chat_id = self.chat.id
        limit = self.timeout if timeout is None else timeout
        event = await self.emulator.events.wait(
            lambda e: e.chat_id == chat_id and matches(e), since=self._cursor, timeout=limit
        )
        if event is None:
            raise TimeoutError(self._timeout_report(limit))
        self._cursor = event.seq
        return event

    async def wait_for_reply(
        self,
        predicate: Predicate | None = None,
        timeout: float | None = None,  # noqa: ASYNC109
    ) -> StoredMessage:
        """Waits until the bot sends or edits a message (matching `predicate`, checked on the
        message as that send or edit left it, or on its current state) and returns it (its
        current state); later calls continue after it.

        The state the event left is checked too because on a busy machine the bot may edit a
        message again before the waiter looks: "retrying..." is "done" by then."""
        state = self.emulator.state

        def matches(event: Event) -> bool:
            if event.kind not in ev.BOT_OUTPUT or event.message_id is None:
                return False
            message = state.message(self.chat.id, event.message_id)
            if message is None or predicate is None:
                return message is not None
            left = event.data.get("message")
            return predicate(message) or (
                left is not None and predicate(dataclasses.replace(message, data=left))
            )

        event = await self.wait_for_event(matches, timeout)
        return self.emulator.message(self.chat.id, event.message_id or 0)

    async def wait_for_answer(
        self,
        record: CallbackRecord,
        timeout: float | None = None,  # noqa: ASYNC109
    ) -> CallbackRecord:
        """Waits until the bot answers the button press `record`."""
        if not record.answered:
            await self.wait_for_event(
                lambda e: e.kind == ev.CALLBACK_ANSWER and e.data.get("id") == record.id, timeout
            )
        return record

    def replies(self) -> list[StoredMessage]:
        """Bot messages sent into this chat since the last send/click (current state)."""
        events = self.emulator.events.since(
            self._action_seq, self.chat.id, frozenset({ev.BOT_MESSAGE})
        )
        found = [self.emulator.state.message(self.chat.id, e.message_id or 0) for e in events]
        return [m for m in found if m is not None and not m.deleted]

    @property
    def last_message(self) -> StoredMessage | None:
        return self.emulator.last_message(self.chat.id)

    def _timeout_report(self, timeout: float) -> str:
        since = self.emulator.events.since(self._action_seq, self.chat.id)
        seen = ", ".join(f"{e.kind}#{e.message_id}" for e in since) or "nothing"
        failed = [f"{r.method}: {r.status} {r.description}" for r in self.emulator.requests[-20:]]
        failed = [line for line in failed if not line.split(": ", 1)[1].startswith("200")]
        report = f"no matching bot reply in chat {self.chat.id} within {timeout}s; saw {seen}"
        if failed:
            report += "; recent failed calls: " + "; ".join(failed)
        if self.emulator.internal_errors:
            report += "; emulator errors: " + "; ".join(self.emulator.internal_errors)
        return report
