"""At most one progress edit per `min_interval` for each message shown (a project's, a studio
job's): Telegram allows about one edit a second in a chat and answers a burst with 429s.
The first report and the last (done, failed) are never throttled by the callers.
"""

import asyncio
import math
import time
from collections.abc import Callable, Hashable

MAX_TRACKED_EDITS = 256  # past this many messages, forget edit times older than min_interval


class EditThrottle:
    """When each message was last edited, by a key of the caller's (a project's ID, a job's)."""

    def __init__(
        self, min_interval: float = 2.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.min_interval, self.clock = min_interval, clock
        self.last_edit: dict[Hashable, float] = {}

    def due(self, key: Hashable) -> bool:
        """True (and the edit counted as made now) when `key`'s message may be edited."""
        now = self.clock()
        if now - self.last_edit.get(key, -math.inf) < self.min_interval:
            return False
        self._forget_old_edits(now)
        self.last_edit[key] = now
        return True

    async def wait_turn(self, key: Hashable) -> None:
        """Wait until `key`'s message may be edited, and count the edit as made then: for a
        last edit that must not be skipped (Telegram's pace holds for it too)."""
        left = self.min_interval - (self.clock() - self.last_edit.get(key, -math.inf))
        if left > 0:
            await asyncio.sleep(left)
        self.last_edit[key] = self.clock()

    def forget(self, key: Hashable) -> None:
        """The message is done with: its next one starts unthrottled."""
        self.last_edit.pop(key, None)

    def _forget_old_edits(self, now: float) -> None:
        """Drop edit times too old to throttle anything (messages whose end this process
        never saw: a worker stopped mid-job, a user who left), once there are enough to
        matter."""
        if len(self.last_edit) >= MAX_TRACKED_EDITS:
            self.last_edit = {
                key: at for key, at in self.last_edit.items() if now - at < self.min_interval
            }
