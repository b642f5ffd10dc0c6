"""Acting as Telegram users: messages, media, button presses, blocking the bot, channels."""

from __future__ import annotations

import copy
import itertools
from collections.abc import Iterable
from typing import Any

from . import events as ev
from .api_chats import member_dict
from .formatting import command_entities
from .models import EmuChat, EmuUser, StoredMessage
from .records import CallbackRecord
from .state import EmulatorState

_callback_ids = itertools.count(1)


class UserActions:
    """Mixin for TelegramEmulator: everything a person can do in a Telegram client."""

    state: EmulatorState

    def add_user(
        self,
        user_id: int | None = None,
        first_name: str = "Alice",
        *,
        language_code: str | None = "en",
        username: str | None = None,
        last_name: str | None = None,
    ) -> EmuUser:
        """A user with a private chat with the bot (chat id == user id)."""
        uid = user_id if user_id is not None else 100_001 + len(self.state.users)
        user = EmuUser(uid, first_name, language_code, username, last_name)
        self.state.add_user(user)
        return user

    def add_channel(
        self,
        title: str,
        *,
        username: str | None = None,
        owner: EmuUser | None = None,
        admins: Iterable[EmuUser] = (),
        bot_is_admin: bool = True,
        chat_id: int | None = None,
    ) -> EmuChat:
        """A channel; `owner`/`admins` matter for getChatMember checks."""
        cid = chat_id if chat_id is not None else -1_001_000_000_000 - len(self.state.chats)
        chat = self.state.add_chat(EmuChat(cid, "channel", title, username))
        if owner is not None:
            self.state.members[(cid, owner.id)] = "creator"
        for admin in admins:
            self.state.members[(cid, admin.id)] = "administrator"
        self.state.members[(cid, self.state.bot.id)] = "administrator" if bot_is_admin else "left"
        return chat

    def set_member_status(self, chat: EmuChat | int, user_id: int, status: str) -> None:
        """creator / administrator / member / restricted / left / kicked."""
        self.state.members[(self._chat(None, chat).id, user_id)] = status

    def register_url(self, url: str, data: bytes, mime_type: str | None = None) -> None:
        """Content the emulated Telegram "downloads" when the bot sends a media URL."""
        self.state.url_files[url] = (data, mime_type)

    def _chat(self, user: EmuUser | None, chat: EmuChat | int | None) -> EmuChat:
        if isinstance(chat, EmuChat):
            return chat
        if chat is None:
            if user is None:
                raise ValueError("chat is required")
            chat = user.id
        if chat not in self.state.chats:
            raise LookupError(f"unknown chat {chat}; create it with add_user/add_channel")
        return self.state.chats[chat]

    def _deliver(
        self,
        user: EmuUser,
        chat: EmuChat | int | None,
        content: dict[str, Any],
        *,
        reply_to: StoredMessage | None = None,
        enqueue: bool = True,
    ) -> StoredMessage:
        if user.id not in self.state.users:
            self.state.add_user(user)
        target = self._chat(user, chat)
        message = self.state.add_message(target, content, sender=user, reply_to=reply_to)
        kind = "channel_post" if target.type == "channel" else "message"
        payload = copy.deepcopy(message.data)
        message.update = self.state.updates.create(kind, payload, enqueue=enqueue)
        return message

    def user_sends_text(
        self,
        user: EmuUser,
        chat: EmuChat | int | None,
        text: str,
        *,
        reply_to: StoredMessage | None = None,
        enqueue: bool = True,
    ) -> StoredMessage:
        """A text message; `chat` None means the user's private chat with the bot."""
        content: dict[str, Any] = {"text": text}
        entities = command_entities(text)
        if entities:
            content["entities"] = entities
        return self._deliver(user, chat, content, reply_to=reply_to, enqueue=enqueue)

    def user_sends_command(
        self,
        user: EmuUser,
        chat: EmuChat | int | None,
        command: str,
        args: str = "",
        *,
        enqueue: bool = True,
    ) -> StoredMessage:
        text = f"/{command.lstrip('/')}" + (f" {args}" if args else "")
        return self.user_sends_text(user, chat, text, enqueue=enqueue)

    def user_edits_text(
        self, user: EmuUser, message: StoredMessage, text: str, *, enqueue: bool = True
    ) -> StoredMessage:
        """The user edits their own text message (an `edited_message` update)."""
        if message.from_bot or "text" not in message.data:
            raise ValueError("users can edit only their own text messages")
        message.history.append(message.data)
        message.data = message.data | {"text": text, "edit_date": self.state.now()}
        message.data.pop("entities", None)
        if entities := command_entities(text):
            message.data["entities"] = entities
        payload = copy.deepcopy(message.data)
        self.state.updates.create("edited_message", payload, enqueue=enqueue)
        return message

    def user_clicks(
        self,
        user: EmuUser,
        message: StoredMessage,
        callback_data: str,
        *,
        strict: bool = True,
        enqueue: bool = True,
    ) -> CallbackRecord:
        """Presses an inline button: a callback_query update referencing the bot's message.

        With `strict`, the message must be the bot's, not deleted, and currently carry a
        button with this callback_data (as a real client guarantees).
        """
        current = self.state.message(message.chat_id, message.message_id) or message
        if strict:
            datas = [b.get("callback_data") for b in current.buttons]
            if current.deleted or not current.from_bot or callback_data not in datas:
                raise LookupError(
                    f"no button with callback_data={callback_data!r} on message "
                    f"{current.message_id} (buttons: {current.button_texts})"
                )
        query_id = f"{user.id}{next(_callback_ids):010d}"
        payload = {
            "id": query_id,
            "from": user.to_dict(),
            "message": copy.deepcopy(current.data),
            "chat_instance": str(abs(current.chat_id) * 7919 % 10**18),
            "data": callback_data,
        }
        record = CallbackRecord(
            query_id, user, current.chat_id, current.message_id, callback_data, self.state.clock()
        )
        self.state.callbacks[query_id] = record
        record.update = self.state.updates.create("callback_query", payload, enqueue=enqueue)
        self.state.events.emit(
            ev.USER_CALLBACK,
            current.chat_id,
            current.message_id,
            {"id": query_id, "data": callback_data},
        )
        return record

    def user_blocks_bot(self, user: EmuUser, *, enqueue: bool = True) -> dict[str, Any]:
        """Sends now fail with 403 "bot was blocked by the user"; a my_chat_member update."""
        self.state.blocked.add(user.id)
        return self._my_chat_member(user, "member", "kicked", enqueue)

    def user_unblocks_bot(self, user: EmuUser, *, enqueue: bool = True) -> dict[str, Any]:
        self.state.blocked.discard(user.id)
        return self._my_chat_member(user, "kicked", "member", enqueue)

    def _my_chat_member(self, user: EmuUser, old: str, new: str, enqueue: bool) -> dict[str, Any]:
        payload = {
            "chat": self._chat(user, None).to_dict(),
            "from": user.to_dict(),
            "date": self.state.now(),
            "old_chat_member": member_dict(self.state.bot, old),
            "new_chat_member": member_dict(self.state.bot, new),
        }
        return self.state.updates.create("my_chat_member", payload, enqueue=enqueue)
