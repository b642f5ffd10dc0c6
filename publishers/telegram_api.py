"""Calls to the Bot API about a channel through aiogram: the retry policy of publishers/http.py
for safe calls (getChat, getChatMember), the one-shot commit (sendVideo, re-sent only after a
429, which is a definite no), the bot's right to post, and a post's public link.
"""

import random
from collections.abc import Awaitable, Callable
from typing import TypeVar

import aiohttp
import structlog
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import ClientDecodeError, TelegramAPIError, TelegramRetryAfter
from aiogram.types import Chat, ChatMemberAdministrator, ChatMemberOwner

from core.errors import DomainError
from publishers.base import Sleep
from publishers.errors import PublishRateLimited
from publishers.http import MAX_BACKOFF_S, MAX_INLINE_WAIT_S, SAFE_TRIES
from publishers.telegram_errors import BotCannotPost, BotNotChannelAdmin, telegram_error

log = structlog.get_logger(__name__)
T = TypeVar("T")
CHANNEL_ID_PREFIX = "-100"  # a channel's Bot API id is -100<its internal id>


class SharedSession(AiohttpSession):
    """aiogram's session over an aiohttp ClientSession its owner (the job) closes: a Bot per
    publication costs nothing, where a Bot with its own session would open a connection pool
    and sleep 250 ms when closing it."""

    def __init__(self, http: aiohttp.ClientSession, api: TelegramAPIServer) -> None:
        super().__init__(api=api)
        self._shared = http

    async def create_session(self) -> aiohttp.ClientSession:
        return self._shared

    async def close(self) -> None:
        """The owner closes the shared session."""


def open_bot(http: aiohttp.ClientSession, api: TelegramAPIServer, token: str) -> Bot:
    """A Bot for one publication, on the job's HTTP session."""
    return Bot(token=token, session=SharedSession(http, api))


async def call_safely(
    call: Callable[[], Awaitable[T]], *, channel: str, sleep: Sleep, tries: int = SAFE_TRIES
) -> T:
    """A call without side effects, retried while Telegram's answer is transient (a 429 after
    its retry_after, a 5xx, a lost connection with full-jitter backoff)."""
    for attempt in range(1, tries + 1):
        try:
            return await call()
        except (TelegramAPIError, ClientDecodeError) as error:
            failure = telegram_error(error, channel)
            if not failure.transient or attempt == tries:
                raise failure from error
            wait = _backoff_s(failure, attempt)
            if wait > MAX_INLINE_WAIT_S:
                raise failure from error
        log.info("publish.telegram_retry", attempt=attempt, wait_s=round(wait, 2))
        await sleep(wait)
    raise AssertionError("unreachable")  # the loop always returns or raises


async def commit_once(
    call: Callable[[], Awaitable[T]], *, channel: str, sleep: Sleep, tries: int = SAFE_TRIES
) -> T:
    """The call that makes a post public. Only a 429 is sent again (after its retry_after,
    when that is short): Telegram refused it, nothing was posted. Anything else raises."""
    for attempt in range(1, tries + 1):
        try:
            return await call()
        except TelegramRetryAfter as error:
            if attempt == tries or error.retry_after > MAX_INLINE_WAIT_S:
                raise telegram_error(error, channel) from error
            wait = float(error.retry_after)
        except (TelegramAPIError, ClientDecodeError) as error:
            raise telegram_error(error, channel) from error
        log.info("publish.telegram_rate_limited", attempt=attempt, wait_s=wait)
        await sleep(wait)
    raise AssertionError("unreachable")


async def check_bot_can_post(bot: Bot, chat_id: int | str, *, channel: str, sleep: Sleep) -> None:
    """Raises BotNotChannelAdmin (or its kinds) unless the bot may post in the channel."""
    member = await call_safely(
        lambda: bot.get_chat_member(chat_id, bot.id), channel=channel, sleep=sleep
    )
    if isinstance(member, ChatMemberOwner):
        return
    if not isinstance(member, ChatMemberAdministrator):
        raise BotNotChannelAdmin(provider="Telegram", channel=channel, reason=member.status)
    if not member.can_post_messages:
        reason = "administrator without can_post_messages"
        raise BotCannotPost(provider="Telegram", channel=channel, reason=reason)


def post_url(chat: Chat, message_id: int) -> str:
    """https://t.me/<username>/<id> for a public channel, t.me/c/<internal id>/<id> (members
    only) for a private one."""
    if chat.username:
        return f"https://t.me/{chat.username}/{message_id}"
    internal = str(chat.id).removeprefix(CHANNEL_ID_PREFIX).lstrip("-")
    return f"https://t.me/c/{internal}/{message_id}"


def channel_name(chat: Chat) -> str:
    """How messages name a channel: its @username, else its title."""
    return f"@{chat.username}" if chat.username else (chat.title or str(chat.id))


def _backoff_s(failure: DomainError, attempt: int) -> float:
    if isinstance(failure, PublishRateLimited) and failure.retry_after_s is not None:
        return failure.retry_after_s
    return random.random() * min(2.0**attempt, MAX_BACKOFF_S)  # noqa: S311 (jitter, not crypto)
