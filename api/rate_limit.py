"""Requests per API key per minute: a fixed one-minute window counted in Redis when the
deployment has it (every web process shares the count), in this process otherwise."""

import time
from dataclasses import dataclass, field
from typing import Protocol

from redis.asyncio import Redis

WINDOW_S = 60
MAX_COUNTED = 10_000


@dataclass(frozen=True, slots=True)
class Allowance:
    limit: int
    remaining: int
    reset_s: int  # seconds until the window starts again

    @property
    def allowed(self) -> bool:
        return self.remaining >= 0

    def headers(self) -> dict[str, str]:
        return {
            "RateLimit-Limit": str(self.limit),
            "RateLimit-Remaining": str(max(self.remaining, 0)),
            "RateLimit-Reset": str(self.reset_s),
        }


class RateLimited(Exception):
    """Raised by the caller dependency; answered as 429 with Retry-After."""

    def __init__(self, allowance: Allowance) -> None:
        super().__init__("rate limited")
        self.allowance = allowance


class RateLimiter(Protocol):
    async def hit(self, key_id: int, limit: int) -> Allowance: ...

    async def close(self) -> None: ...


def _window(now: float) -> tuple[int, int]:
    start = int(now // WINDOW_S) * WINDOW_S
    return start, max(1, start + WINDOW_S - int(now))


@dataclass
class MemoryRateLimiter:
    counts: dict[tuple[int, int], int] = field(default_factory=dict)

    async def hit(self, key_id: int, limit: int) -> Allowance:
        start, reset = _window(time.time())
        if len(self.counts) > MAX_COUNTED:  # old windows go
            self.counts = {k: v for k, v in self.counts.items() if k[1] == start}
        count = self.counts[key_id, start] = self.counts.get((key_id, start), 0) + 1
        return Allowance(limit=limit, remaining=limit - count, reset_s=reset)

    async def close(self) -> None:
        self.counts.clear()


class RedisRateLimiter:
    def __init__(self, url: str) -> None:
        self.redis: Redis = Redis.from_url(url)

    async def hit(self, key_id: int, limit: int) -> Allowance:
        start, reset = _window(time.time())
        name = f"sf:api-rate:{key_id}:{start}"
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.incr(name)
            pipe.expire(name, WINDOW_S + 5)
            count, _ = await pipe.execute()
        return Allowance(limit=limit, remaining=limit - int(count), reset_s=reset)

    async def close(self) -> None:
        await self.redis.aclose()
