"""Everything the emulated Telegram knows: bot, users, chats, messages, files, callbacks, log."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from . import events as ev
from .channel_rules import check_can_post
from .errors import MESSAGE_NOT_MODIFIED, bad_request, forbidden
from .events import EventLog
from .faults import FaultInjector
from .files import FileStore
from .flood import FloodControl
from .markup import is_inline
from .models import EmuChat, EmuUser, StoredMessage
from .payments import PaymentLedger
from .records import CallbackRecord, RecordedRequest, WebhookConfig
from .updates import UpdateQueue


class EmulatorState:
    def __init__(
        self, token: str, *, bot_name: str, bot_username: str, clock: Callable[[], float]
    ) -> None:
        self.token = token
        self.clock = clock
        bot_id = int(token.split(":", 1)[0])
        self.bot = EmuUser(bot_id, bot_name, None, bot_username, is_bot=True)
        self.users: dict[int, EmuUser] = {}
        self.chats: dict[int, EmuChat] = {}
        self.members: dict[tuple[int, int], str] = {}
        # (chat, user) -> an administrator's rights that are not granted (channel_rules.py)
        self.admin_rights: dict[tuple[int, int], dict[str, bool]] = {}
        self.blocked: set[int] = set()
        self.messages: dict[int, dict[int, StoredMessage]] = {}
        self.files = FileStore()
        self.url_files: dict[str, tuple[bytes, str | None]] = {}
        self.callbacks: dict[str, CallbackRecord] = {}
        self.callback_timeout = 15.0
        self.payments = PaymentLedger()
        self.requests: list[RecordedRequest] = []
        self.events = EventLog(self.read_clock)
        self.updates = UpdateQueue()
        self.faults = FaultInjector()
        self.flood = FloodControl(self.read_clock)
        self.commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self.bot_settings: dict[tuple[str, str], Any] = {}
        self.webhook: WebhookConfig | None = None
        self.reply_keyboards: dict[int, dict[str, Any]] = {}
        self.internal_errors: list[str] = []
        self.closing = False

    def read_clock(self) -> float:
        """The current clock (tests may swap `clock` after construction)."""
        return self.clock()

    def now(self) -> int:
        return int(self.clock())

    # --- users and chats -------------------------------------------------------------
    def add_chat(self, chat: EmuChat) -> EmuChat:
        self.chats[chat.id] = chat
        self.messages.setdefault(chat.id, {})
        return chat

    def add_user(self, user: EmuUser) -> EmuChat:
        """Registers a user and their private chat with the bot."""
        self.users[user.id] = user
        chat = EmuChat(user.id, "private", None, user.username, user.first_name, user.last_name)
        self.members[(chat.id, user.id)] = "member"
        self.members[(chat.id, self.bot.id)] = "member"
        return self.add_chat(chat)

    def resolve_chat(self, value: Any) -> EmuChat:
        if isinstance(value, str) and value.startswith("@"):
            for chat in self.chats.values():
                if chat.username and f"@{chat.username}".lower() == value.lower():
                    return chat
            raise bad_request("chat not found")
        try:
            chat_id = int(value)
        except (TypeError, ValueError) as exc:
            raise bad_request("chat not found") from exc
        if chat_id not in self.chats:
            raise bad_request("chat not found")
        return self.chats[chat_id]

    def chat_for_send(self, value: Any) -> EmuChat:
        """The target of a send, checking the bot may write there."""
        if value is None or value == "":
            raise bad_request("chat_id is empty")
        chat = self.resolve_chat(value)
        if chat.type == "private" and chat.id in self.blocked:
            raise forbidden("bot was blocked by the user")
        if chat.type == "channel":
            check_can_post(self, chat)
            return chat
        status = self.members.get((chat.id, self.bot.id), "left")
        if chat.type != "private" and status in {"left", "kicked"}:
            raise forbidden("bot is not a member of the group chat")
        return chat

    # --- messages --------------------------------------------------------------------
    def add_message(
        self,
        chat: EmuChat,
        content: dict[str, Any],
        *,
        sender: EmuUser | None,
        markup: dict[str, Any] | None = None,
        reply_to: StoredMessage | None = None,
    ) -> StoredMessage:
        """Stores a new message; `sender` None or the bot means the bot sent it."""
        from_bot = sender is None or sender.id == self.bot.id
        box = self.messages.setdefault(chat.id, {})
        message_id = max(box, default=0) + 1
        data: dict[str, Any] = {"message_id": message_id}
        if chat.type == "channel":
            data["sender_chat"] = chat.to_dict()
        else:
            data["from"] = (self.bot if sender is None else sender).to_dict()
        data |= {"chat": chat.to_dict(), "date": self.now()}
        if reply_to is not None:
            data["reply_to_message"] = {
                k: v for k, v in reply_to.data.items() if k != "reply_to_message"
            }
        data.update(content)
        extra: dict[str, Any] = {}
        if from_bot and markup is not None:
            if is_inline(markup):
                data["reply_markup"] = markup
            elif markup.get("remove_keyboard"):
                self.reply_keyboards.pop(chat.id, None)
                extra["remove_keyboard"] = True
            elif "keyboard" in markup:
                self.reply_keyboards[chat.id] = markup
                extra["reply_keyboard"] = markup
        message = StoredMessage(chat.id, message_id, data, from_bot)
        box[message_id] = message
        kind = ev.BOT_MESSAGE if from_bot else ev.USER_MESSAGE
        self.events.emit(kind, chat.id, message_id, {"message": copy.deepcopy(data)} | extra)
        return message

    def message(self, chat_id: int, message_id: int) -> StoredMessage | None:
        return self.messages.get(chat_id, {}).get(message_id)

    def live_message(self, chat_id: int, message_id: int, missing: str) -> StoredMessage:
        message = self.message(chat_id, message_id)
        if message is None or message.deleted:
            raise bad_request(missing)
        return message

    def message_for_edit(self, chat_value: Any, message_id: int | None) -> StoredMessage:
        if message_id is None:
            raise bad_request("message identifier is not specified")
        chat = self.resolve_chat(chat_value)
        message = self.live_message(chat.id, message_id, "message to edit not found")
        if not message.from_bot:
            raise bad_request("message can't be edited")
        return message

    def apply_edit(self, message: StoredMessage, new_data: dict[str, Any]) -> StoredMessage:
        """Replaces the message content; identical content gives "message is not modified"."""

        def comparable(data: dict[str, Any]) -> dict[str, Any]:
            return {k: v for k, v in data.items() if k != "edit_date"}

        if comparable(new_data) == comparable(message.data):
            raise bad_request(MESSAGE_NOT_MODIFIED)
        message.history.append(message.data)
        message.data = new_data | {"edit_date": self.now()}
        snapshot = {"message": copy.deepcopy(message.data)}
        self.events.emit(ev.BOT_EDIT, message.chat_id, message.message_id, snapshot)
        return message

    def delete_message(self, chat_value: Any, message_id: int) -> None:
        chat = self.resolve_chat(chat_value)
        message = self.live_message(chat.id, message_id, "message to delete not found")
        if chat.type != "private" and not message.from_bot:
            status = self.members.get((chat.id, self.bot.id))
            if status not in {"administrator", "creator"}:
                raise bad_request("message can't be deleted")
        message.deleted = True
        self.events.emit(ev.BOT_DELETE, chat.id, message_id)
