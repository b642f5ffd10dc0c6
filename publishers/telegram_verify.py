"""Connecting a Telegram channel: the user sends its @username (or a t.me link) or forwards
one of its posts; the bot checks it may post there AND that this user runs the channel.

The second check matters: without it anyone could make our bot post to any channel it
happens to administer.
"""

import asyncio
import re
from dataclasses import dataclass

from aiogram import Bot
from aiogram.types import (
    ChatMemberAdministrator,
    ChatMemberOwner,
    Message,
    MessageOriginChannel,
    MessageOriginChat,
    MessageOriginHiddenUser,
    MessageOriginUser,
)

from publishers.base import Sleep
from publishers.telegram_api import call_safely, channel_name, check_bot_can_post
from publishers.telegram_errors import (
    PROVIDER,
    ChannelRefMissing,
    NotAChannel,
    UserCannotPost,
    UserNotChannelAdmin,
)

ChatRef = int | str  # a chat id, or "@username"
# @name, t.me/name, https://t.me/name/123 (a post link names its channel too)
USERNAME_RE = re.compile(
    r"^\s*(?:@|(?:https?://)?(?:t|telegram)\.me/)([A-Za-z][A-Za-z0-9_]{3,31})(?:/\d+)?/?\s*$"
)
VERIFY_TRIES = 3  # a person is waiting for the answer


@dataclass(frozen=True, slots=True)
class ChannelIdentity:
    chat_id: int  # the account's id (Credentials.account_id is its str)
    title: str
    username: str | None


async def verify_channel(
    bot: Bot, chat_ref: ChatRef, user_telegram_id: int, *, sleep: Sleep = asyncio.sleep
) -> ChannelIdentity:
    """The channel `chat_ref` names, once the bot may post there and `user_telegram_id` is
    its creator or an administrator who may post.

    Raises ChannelNotFound, NotAChannel, BotNotChannelAdmin (BotKickedFromChannel,
    BotCannotPost), UserNotChannelAdmin (UserCannotPost); each has its own Fluent key.
    """
    shown = str(chat_ref)
    chat = await call_safely(
        lambda: bot.get_chat(chat_ref), channel=shown, sleep=sleep, tries=VERIFY_TRIES
    )
    shown = channel_name(chat)
    if chat.type != "channel":
        raise NotAChannel(provider=PROVIDER, channel=shown, reason=f"a {chat.type} chat")
    await check_bot_can_post(bot, chat.id, channel=shown, sleep=sleep)
    member = await call_safely(
        lambda: bot.get_chat_member(chat.id, user_telegram_id),
        channel=shown,
        sleep=sleep,
        tries=VERIFY_TRIES,
    )
    if isinstance(member, ChatMemberAdministrator) and not member.can_post_messages:
        reason = "administrator without can_post_messages"
        raise UserCannotPost(provider=PROVIDER, channel=shown, reason=reason)
    if not isinstance(member, ChatMemberOwner | ChatMemberAdministrator):
        raise UserNotChannelAdmin(provider=PROVIDER, channel=shown, reason=member.status)
    return ChannelIdentity(chat.id, chat.title or shown, chat.username)


def chat_ref_of(message: Message) -> ChatRef:
    """The channel a user's message names: the origin of a forwarded post, else an @username
    or t.me link in its text. Raises NotAChannel for a forward from a person or a group,
    ChannelRefMissing when the message names nothing."""
    origin = message.forward_origin
    if isinstance(origin, MessageOriginChannel):
        return origin.chat.id
    if isinstance(origin, MessageOriginUser | MessageOriginHiddenUser | MessageOriginChat):
        who = _origin_name(origin)
        raise NotAChannel(provider=PROVIDER, channel=who, reason=f"forwarded from {origin.type}")
    found = USERNAME_RE.match(message.text or "")
    if found is None:
        raise ChannelRefMissing(provider=PROVIDER, reason="no forward origin, no @username")
    return f"@{found.group(1)}"


def _origin_name(origin: MessageOriginUser | MessageOriginHiddenUser | MessageOriginChat) -> str:
    if isinstance(origin, MessageOriginUser):
        return origin.sender_user.full_name
    if isinstance(origin, MessageOriginHiddenUser):
        return origin.sender_user_name
    return origin.sender_chat.title or str(origin.sender_chat.id)
