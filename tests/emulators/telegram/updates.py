"""Pending updates and getUpdates long polling (offset confirmation, allowed_updates, 409)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from .errors import conflict
from .events import Notifier

DEFAULT_EXCLUDED = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
CONFLICT_OTHER_POLLER = (
    "terminated by other getUpdates request; make sure that only one bot instance is running"
)


def update_type(update: dict[str, Any]) -> str:
    return next(key for key in update if key != "update_id")


class UpdateQueue:
    """Unconfirmed updates, oldest first, with update_ids that only grow."""

    def __init__(self, first_update_id: int = 100_000) -> None:
        self._next_id = first_update_id
        self.pending: list[dict[str, Any]] = []
        self.log: list[dict[str, Any]] = []
        self.allowed_updates: list[str] | None = None
        self.notifier = Notifier()
        self._generation = 0
        self.polling = 0
        self.on_push: Callable[[], None] | None = None

    def create(
        self, kind: str, payload: dict[str, Any], *, enqueue: bool = True
    ) -> dict[str, Any]:
        """A new Update; queued for getUpdates/webhook unless `enqueue` is False (feed_update)."""
        update = {"update_id": self._next_id, kind: payload}
        self._next_id += 1
        self.log.append(update)
        if enqueue:
            self.pending.append(update)
            self.notifier.notify()
            if self.on_push is not None:
                self.on_push()
        return update

    def confirm(self, offset: int | None) -> None:
        if offset is None or offset == 0:
            return
        if offset < 0:
            self.pending = self.pending[offset:]
        else:
            self.pending = [u for u in self.pending if u["update_id"] >= offset]

    def acknowledge(self, update: dict[str, Any]) -> None:
        """Confirms one update (webhook 2xx)."""
        if update in self.pending:
            self.pending.remove(update)
            self.notifier.notify()

    def set_allowed(self, allowed: Any) -> None:
        if allowed is None:
            return
        if isinstance(allowed, str):
            allowed = json.loads(allowed)
        self.allowed_updates = [str(kind) for kind in allowed]

    def is_allowed(self, update: dict[str, Any]) -> bool:
        kind = update_type(update)
        if self.allowed_updates:
            return kind in self.allowed_updates
        return kind not in DEFAULT_EXCLUDED

    def select(self, limit: int) -> list[dict[str, Any]]:
        """Drops updates of types the bot does not receive, returns the first `limit`."""
        self.pending = [u for u in self.pending if self.is_allowed(u)]
        return self.pending[:limit]

    async def poll(self, offset: int | None, limit: int, timeout: float) -> list[dict[str, Any]]:  # noqa: ASYNC109
        """getUpdates: confirm below `offset`, then wait up to `timeout` s for updates.

        A newer concurrent getUpdates ends this one with 409 Conflict, as Telegram does.
        """
        self.confirm(offset)
        self._generation += 1
        generation = self._generation
        self.polling += 1
        self.notifier.notify()
        try:
            await self.notifier.wait_for(
                lambda: generation != self._generation or bool(self.select(limit)), timeout
            )
        finally:
            self.polling -= 1
        if generation != self._generation:
            raise conflict(CONFLICT_OTHER_POLLER)
        return self.select(limit)

    def close(self) -> None:
        self.notifier.close()
