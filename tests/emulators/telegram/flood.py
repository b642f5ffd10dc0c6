"""Opt-in flood control like Telegram's (Bot FAQ): ~1 message/s per chat, ~30/s overall.

Token buckets on the emulator clock; a call over the limit gets 429 with `retry_after`.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from .errors import too_many_requests

LIMITED_PREFIXES = ("send", "copy", "forward", "edit")
EXEMPT = frozenset({"sendchataction"})


class _Bucket:
    def __init__(self, rate: float, burst: int, now: float) -> None:
        self.rate, self.burst = rate, burst
        self.tokens, self.updated = float(burst), now

    def wait_needed(self, now: float) -> float:
        """Seconds until a token is available (0 when one is), refilling first."""
        self.tokens = min(self.burst, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        return 0.0 if self.tokens >= 1 else (1 - self.tokens) / self.rate


class FloodControl:
    """Disabled by default; `enable()` it in tests of throttling/retry behaviour."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self.clock = clock
        self.enabled = False
        self.per_chat, self.chat_burst = 1.0, 3
        self.overall, self.overall_burst = 30.0, 30
        self._chats: dict[int, _Bucket] = {}
        self._all: _Bucket | None = None

    def enable(
        self,
        per_chat: float = 1.0,
        chat_burst: int = 3,
        overall: float = 30.0,
        overall_burst: int = 30,
    ) -> None:
        """Messages per second per chat (with a burst allowance) and across all chats."""
        self.enabled = True
        self.per_chat, self.chat_burst = per_chat, chat_burst
        self.overall, self.overall_burst = overall, overall_burst
        self._chats.clear()
        self._all = None

    def disable(self) -> None:
        self.enabled = False

    def check(self, method: str, chat_id: int | None) -> None:
        """Raises 429 if this send/edit exceeds a limit; otherwise spends a token."""
        name = method.lower()
        if not self.enabled or chat_id is None or name in EXEMPT:
            return
        if not name.startswith(LIMITED_PREFIXES):
            return
        now = self.clock()
        chat = self._chats.setdefault(chat_id, _Bucket(self.per_chat, self.chat_burst, now))
        if self._all is None:
            self._all = _Bucket(self.overall, self.overall_burst, now)
        wait = max(chat.wait_needed(now), self._all.wait_needed(now))
        if wait > 0:
            raise too_many_requests(max(1, math.ceil(wait)))
        chat.tokens -= 1
        self._all.tokens -= 1
