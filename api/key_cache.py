"""Callers by their key's digest for a few seconds (API__KEY_CACHE_S) in this process: a
client polling a status URL would otherwise pay a database round trip per request for the
same answer. The price: a key revoked, or a user blocked, elsewhere still works here for up
to that long. A plan's end is exact (checked on every request)."""

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from services.api_keys import ApiCaller

MAX_ENTRIES = 10_000


@dataclass
class KeyCache:
    ttl_s: float
    clock: Callable[[], float] = time.monotonic
    entries: dict[str, tuple[float, ApiCaller]] = field(default_factory=dict)

    def get(self, digest: str, now: datetime) -> ApiCaller | None:
        found = self.entries.get(digest)
        if found is None:
            return None
        stored_at, caller = found
        ended = caller.plan_ends_at is not None and now >= caller.plan_ends_at
        if ended or self.clock() - stored_at >= self.ttl_s:
            del self.entries[digest]
            return None
        return caller

    def put(self, digest: str, caller: ApiCaller) -> None:
        if self.ttl_s <= 0:
            return
        if len(self.entries) >= MAX_ENTRIES:
            self.entries.clear()
        self.entries[digest] = (self.clock(), caller)
