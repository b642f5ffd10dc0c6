"""Inner middleware: per-user rate limit for handlers flagged with `throttling_key`.

A user over the limit gets one "slow down" note per window (an alert for button presses);
the extra updates are dropped, so a flood costs no work and touches no data.
"""

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiogram import BaseMiddleware
from aiogram.dispatcher.flags import get_flag
from aiogram.types import CallbackQuery, Message, TelegramObject
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram_i18n import I18nContext

MAX_BUCKETS = 10_000


@dataclass(slots=True)
class Bucket:
    tokens: float
    stamp: float
    warned: bool = False


class ThrottlingMiddleware(BaseMiddleware):
    """A token bucket per (user, key): `burst` updates at once, refilled at `rate` per second."""

    def __init__(
        self,
        *,
        rate: float = 2.0,
        burst: int = 8,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.rate, self.burst, self.clock = rate, burst, clock
        self.buckets: dict[tuple[int, str], Bucket] = {}

    def allow(self, user_id: int, key: str) -> Bucket | None:
        """Take a token; return the bucket when there was none left (throttled)."""
        now = self.clock()
        if len(self.buckets) > MAX_BUCKETS:
            self.forget_full(now)
        bucket = self.buckets.setdefault((user_id, key), Bucket(float(self.burst), now))
        bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.stamp) * self.rate)
        bucket.stamp = now
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            bucket.warned = False
            return None
        return bucket

    def forget_full(self, now: float) -> None:
        """Drop buckets that have refilled completely: they hold nothing worth keeping."""
        refill = self.burst / self.rate
        self.buckets = {k: b for k, b in self.buckets.items() if now - b.stamp < refill}

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        key = get_flag(data, "throttling_key")
        sender = data.get("event_from_user")
        if key is None or sender is None:
            return await handler(event, data)
        bucket = self.allow(sender.id, str(key))
        if bucket is None:
            return await handler(event, data)
        i18n: I18nContext = data["i18n"]
        if isinstance(event, CallbackQuery):
            answer: CallbackAnswer = data["callback_answer"]
            answer.text, answer.show_alert = i18n.get("throttled"), True
        elif isinstance(event, Message) and not bucket.warned:
            await event.answer(i18n.get("throttled"))
        bucket.warned = True
        return None
