"""Read-only views for tests: what the bot sent, current messages, answers, settings."""

from __future__ import annotations

import json
from typing import Any

from . import events as ev
from .files import StoredFile
from .markup import reply_keyboard_texts
from .models import StoredMessage
from .records import CallbackRecord, RecordedRequest
from .state import EmulatorState


class Queries:
    """Mixin for TelegramEmulator with assertions-friendly accessors."""

    state: EmulatorState

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every call to the Bot API (and file download), in order."""
        return list(self.state.requests)

    def sent(
        self, chat_id: int | None = None, method: str | None = None, *, ok: bool | None = None
    ) -> list[RecordedRequest]:
        """Requests addressed to `chat_id` (None: any chat), of `method` (case-insensitive).

        `ok=True` keeps successful calls only, `ok=False` failed ones, None both.
        """
        name = method.lower() if method else None
        return [
            r
            for r in self.state.requests
            if (chat_id is None or r.chat_id == chat_id)
            and (name is None or r.method.lower() == name)
            and (ok is None or r.ok == ok)
        ]

    def calls(self, method: str) -> list[RecordedRequest]:
        return self.sent(None, method)

    def messages(
        self, chat_id: int, *, include_deleted: bool = False, from_bot: bool | None = None
    ) -> list[StoredMessage]:
        """Messages of a chat in order, each with its current content after edits."""
        return [
            m
            for m in self.state.messages.get(chat_id, {}).values()
            if (include_deleted or not m.deleted) and (from_bot is None or m.from_bot == from_bot)
        ]

    def last_message(self, chat_id: int, *, from_bot: bool | None = True) -> StoredMessage | None:
        """The newest not-deleted message the bot (default) or anyone sent to `chat_id`."""
        found = self.messages(chat_id, from_bot=from_bot)
        return found[-1] if found else None

    def message(self, chat_id: int, message_id: int) -> StoredMessage:
        message = self.state.message(chat_id, message_id)
        if message is None:
            raise LookupError(f"no message {message_id} in chat {chat_id}")
        return message

    def callback(self, query_id: str) -> CallbackRecord:
        return self.state.callbacks[query_id]

    def file(self, file_id: str) -> StoredFile:
        return self.state.files.get(file_id)

    def file_of(self, message: StoredMessage) -> StoredFile:
        """The stored file behind a media message (largest size for photos)."""
        media = message.media
        if media is None:
            raise LookupError(f"message {message.message_id} has no media")
        return self.state.files.get(str(media["file_id"]))

    def chat_actions(self, chat_id: int) -> list[str]:
        events = self.state.events.since(0, chat_id, frozenset({ev.CHAT_ACTION}))
        return [str(event.data["action"]) for event in events]

    def reply_keyboard(self, chat_id: int) -> list[list[str]] | None:
        """Texts of the reply keyboard the user currently sees in `chat_id`."""
        markup = self.state.reply_keyboards.get(chat_id)
        return reply_keyboard_texts(markup) if markup else None

    def commands(
        self, scope: dict[str, Any] | None = None, language_code: str = ""
    ) -> list[dict[str, Any]]:
        key = json.dumps(scope or {"type": "default"}, sort_keys=True)
        return self.state.commands.get((key, language_code), [])

    def unimplemented(self) -> list[RecordedRequest]:
        """Calls of methods the emulator does not implement (answered 404 Not Found)."""
        return [r for r in self.state.requests if not r.implemented]

    @property
    def pending_updates(self) -> list[dict[str, Any]]:
        return list(self.state.updates.pending)

    @property
    def internal_errors(self) -> list[str]:
        return list(self.state.internal_errors)

    def assert_no_internal_errors(self) -> None:
        """Fails if a handler of the emulator itself crashed (answered 500)."""
        if self.state.internal_errors:
            raise AssertionError("emulator errors:\n" + "\n".join(self.state.internal_errors))

    async def wait_for_request(
        self,
        method: str,
        *,
        timeout: float = 5.0,  # noqa: ASYNC109
        since: int = 0,
    ) -> RecordedRequest:
        """The first recorded call of `method` with seq > `since`, waiting up to `timeout` s."""
        name = method.lower()

        def find() -> RecordedRequest | None:
            requests = self.state.requests[since:]
            return next((r for r in requests if r.method.lower() == name), None)

        await self.state.events.notifier.wait_for(lambda: find() is not None, timeout)
        found = find()
        if found is None:
            raise TimeoutError(f"the bot did not call {method} within {timeout}s")
        return found

    def last_keyboard_message(self, chat_id: int) -> StoredMessage | None:
        """The newest bot message in `chat_id` that carries an inline keyboard."""
        with_buttons = [m for m in self.messages(chat_id, from_bot=True) if m.buttons]
        return with_buttons[-1] if with_buttons else None
