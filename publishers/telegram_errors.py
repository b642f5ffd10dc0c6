"""Why the bot cannot post to a channel, each with its own Fluent key, and the one mapping
from aiogram's exceptions to the publishers' error family.

The bot losing a channel (removed, demoted, its post right taken away, the channel deleted)
is a ReconnectRequired: the account stops publishing until its owner fixes the rights and
connects the channel again; the runner neither fails the publication nor retries it blindly.
Params are `provider`, `channel` (an @username, a title or a chat id) and `reason` (English,
for logs).
"""

import re

from aiogram.exceptions import (
    ClientDecodeError,
    TelegramAPIError,
    TelegramBadRequest,
    TelegramEntityTooLarge,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)

from core.errors import DomainError
from core.provider_errors import ProviderError
from publishers.errors import (
    PublishRateLimited,
    PublishRejected,
    PublishUnavailable,
    ReconnectRequired,
    TokenRejected,
)
from publishers.limits import MediaNotAccepted

PROVIDER = "Telegram"


class ChannelNotFound(ReconnectRequired):
    """No such chat, or a private channel the bot is not in."""

    key = "error-channel-not-found"
    template = "{provider}: channel {channel} not found: {reason}"


class BotNotChannelAdmin(ReconnectRequired):
    key = "error-channel-bot-not-admin"
    template = "{provider}: the bot is not an administrator of {channel}: {reason}"


class BotKickedFromChannel(BotNotChannelAdmin):
    key = "error-channel-bot-kicked"
    template = "{provider}: the bot was removed from {channel}: {reason}"


class BotCannotPost(BotNotChannelAdmin):
    """An administrator without `can_post_messages`."""

    key = "error-channel-bot-cannot-post"
    template = "{provider}: the bot may not post in {channel}: {reason}"


class NotAChannel(DomainError):
    """The chat named (or the origin of the forwarded message) is a person or a group."""

    key = "error-channel-not-a-channel"
    template = "{provider}: {channel} is not a channel: {reason}"


class UserNotChannelAdmin(DomainError):
    """Whoever connects a channel must run it: else anyone could post through our bot to any
    channel the bot happens to administer."""

    key = "error-channel-user-not-admin"
    template = "{provider}: the user is not an administrator of {channel}: {reason}"


class UserCannotPost(UserNotChannelAdmin):
    """An administrator who may not post there must not post through the bot either."""

    key = "error-channel-user-cannot-post"
    template = "{provider}: the user may not post in {channel}: {reason}"


class ChannelRefMissing(DomainError):
    """Neither an @username, a t.me link nor a post forwarded from a channel."""

    key = "error-channel-ref-missing"
    template = "{provider}: no channel in the message: {reason}"


# A Bot API URL carries the bot's token (/bot<id>:<secret>/); an HTTP error may quote it.
TOKEN_IN_URL = re.compile(r"bot\d+:[\w-]+")


def without_token(text: str) -> str:
    return TOKEN_IN_URL.sub("bot<token>", text)


# Telegram's descriptions of a 400 about the channel itself (lower case).
CHANNEL_REFUSALS: tuple[tuple[str, type[ReconnectRequired]], ...] = (
    ("chat not found", ChannelNotFound),
    ("member list is inaccessible", BotNotChannelAdmin),
    ("need administrator rights", BotCannotPost),
    ("not enough rights", BotCannotPost),
    ("chat_admin_required", BotCannotPost),
)


def telegram_error(error: Exception, channel: str) -> DomainError:
    """The publishers' error for an aiogram exception raised by a call about `channel`."""
    params = {"provider": PROVIDER, "reason": without_token(str(error))}
    if isinstance(error, TelegramRetryAfter):
        return PublishRateLimited(retry_after_s=float(error.retry_after), **params)
    if isinstance(error, TelegramEntityTooLarge):  # aiogram files it under network errors
        return MediaNotAccepted(
            provider=PROVIDER, what="size", actual="over the limit", limit="the server's"
        )
    if isinstance(error, TelegramNetworkError | TelegramServerError | ClientDecodeError):
        return PublishUnavailable(**params)
    if isinstance(error, TelegramAPIError):
        return _refusal(error, channel, params)
    raise TypeError(f"not a Telegram error: {error!r}")


def _refusal(error: TelegramAPIError, channel: str, params: dict[str, str]) -> ProviderError:
    description = str(error).lower()
    if isinstance(error, TelegramUnauthorizedError):
        return TokenRejected(**params)
    if isinstance(error, TelegramForbiddenError):
        kind = BotKickedFromChannel if "kicked" in description else BotNotChannelAdmin
        return kind(channel=channel, **params)
    if isinstance(error, TelegramBadRequest):
        for marker, refusal in CHANNEL_REFUSALS:
            if marker in description:
                return refusal(channel=channel, **params)
    return PublishRejected(**params)
