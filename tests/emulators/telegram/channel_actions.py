"""Channels around the bot: who administers them with which rights, a user forwarding a
channel's post to the bot (how a user names a channel without typing its id), and the
ledger of the bot's public posts there (what the exactly-once tests count)."""

from __future__ import annotations

import copy
from typing import Any

from .actions import UserActions
from .api_messages import CONTENT_KEYS
from .models import EmuChat, EmuUser, StoredMessage


class ChannelActions(UserActions):
    """Mixin for TelegramEmulator (`add_channel` itself is in UserActions)."""

    def set_admin(
        self, channel: EmuChat | int, user_id: int, *, can_post_messages: bool = True
    ) -> None:
        """Makes `user_id` (the bot's id for the bot) an administrator of `channel`; without
        `can_post_messages` it administers but may not post."""
        chat = self._chat(None, channel)
        self.state.members[(chat.id, user_id)] = "administrator"
        rights = {} if can_post_messages else {"can_post_messages": False}
        self.state.admin_rights[(chat.id, user_id)] = rights

    def kick_bot(self, channel: EmuChat | int) -> None:
        """The channel's owner removes and bans the bot: calls about it now answer 403."""
        self.state.members[(self._chat(None, channel).id, self.state.bot.id)] = "kicked"

    def user_forwards(
        self, user: EmuUser, message: StoredMessage, *, enqueue: bool = True
    ) -> StoredMessage:
        """`user` forwards `message` to the bot's private chat: a channel post carries
        `forward_origin` of type "channel" (the channel's chat and the post's id)."""
        content = {k: copy.deepcopy(v) for k, v in message.data.items() if k in CONTENT_KEYS}
        origin_chat = self.state.chats[message.chat_id]
        if origin_chat.type == "channel":
            origin = {
                "type": "channel",
                "chat": origin_chat.to_dict(),
                "message_id": message.message_id,
            }
        else:
            origin = {"type": "user", "sender_user": message.data["from"]}
        content["forward_origin"] = origin | {"date": message.data["date"]}
        return self._deliver(user, None, content, enqueue=enqueue)

    def reactions_counted(
        self,
        message: StoredMessage,
        reactions: dict[str, int],
        *,
        enqueue: bool = True,
    ) -> dict[str, Any] | None:
        """People reacted to a channel post: the `message_reaction_count` update Telegram
        sends (grouped, late) with the totals now. Keys are emoji, `custom:<id>` for a
        custom emoji, `paid` for Stars reactions. Only a bot that administers the channel
        gets it (None otherwise); getUpdates delivers it only when `allowed_updates` asks."""
        chat = self.state.chats[message.chat_id]
        if self.state.members.get((chat.id, self.state.bot.id)) != "administrator":
            return None
        counted = [
            {"type": _reaction_type(name), "total_count": total}
            for name, total in reactions.items()
        ]
        payload = {"chat": chat.to_dict(), "message_id": message.message_id,
                   "date": self.state.now(), "reactions": counted}  # fmt: skip
        return self.state.updates.create("message_reaction_count", payload, enqueue=enqueue)

    def channel_posts(
        self,
        channel: EmuChat | int,
        *,
        caption: str | None = None,
        sha256: str | None = None,
    ) -> list[StoredMessage]:
        """The bot's posts in `channel` that are public (not deleted), optionally only those
        with this caption or whose media file has this SHA-256."""
        chat = self._chat(None, channel)
        posts = [
            message
            for message in self.state.messages.get(chat.id, {}).values()
            if message.from_bot and not message.deleted
        ]
        if caption is not None:
            posts = [post for post in posts if post.caption == caption]
        if sha256 is not None:
            posts = [post for post in posts if self._sha256_of(post) == sha256]
        return posts

    def public_posts(
        self,
        channel: EmuChat | int,
        *,
        caption: str | None = None,
        sha256: str | None = None,
    ) -> int:
        """How many of the bot's posts in `channel` are public (see `channel_posts`)."""
        return len(self.channel_posts(channel, caption=caption, sha256=sha256))

    def _sha256_of(self, message: StoredMessage) -> str | None:
        media = message.media
        if media is None:
            return None
        return self.state.files.get(str(media["file_id"])).sha256


def _reaction_type(name: str) -> dict[str, str]:
    if name == "paid":
        return {"type": "paid"}
    if name.startswith("custom:"):
        return {"type": "custom_emoji", "custom_emoji_id": name.removeprefix("custom:")}
    return {"type": "emoji", "emoji": name}
