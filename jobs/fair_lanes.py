"""Round-robin between job owners, the rule both queues follow.

Each owner's waiting jobs form a lane, first in, first out. When a slot frees, the next job
comes from the owner served least recently; an owner never served yet (or not since the
lanes were made) goes before everyone already served, newcomers in order of arrival. So if
user A queues 10 Shorts and then user B queues 1, B's runs second, not eleventh.

`FairLanes` keeps the lanes in memory for `LocalQueue`; `jobs.arq_lanes` keeps the same
lanes, with the same ranks, in Redis for `ArqQueue` and its workers.
"""

from collections import deque
from typing import Generic, TypeVar

T = TypeVar("T")

# The rank of the n-th newcomer is NEWCOMER + n: below every served owner's rank (the
# sequence number of their last admitted job, from 1), and exact in a Redis score.
NEWCOMER = -(10**12)


class FairLanes(Generic[T]):
    """Waiting jobs by owner; `pop` takes the next one in turn."""

    def __init__(self) -> None:
        self.lanes: dict[int, deque[T]] = {}
        self.ranks: dict[int, int] = {}  # owners with a waiting job -> rank, lowest goes next
        self.served: dict[int, int] = {}  # owner -> sequence number of their last admission
        self.admitted = 0
        self.newcomers = 0

    def __len__(self) -> int:
        return sum(len(lane) for lane in self.lanes.values())

    def push(self, owner: int, item: T) -> None:
        """Put `item` at the end of its owner's lane."""
        lane = self.lanes.get(owner)
        if lane is None:
            lane = self.lanes[owner] = deque()
            if owner not in self.served:
                self.newcomers += 1
            self.ranks[owner] = self.served.get(owner, NEWCOMER + self.newcomers)
        lane.append(item)

    def pop(self) -> T | None:
        """The first job of the owner whose turn it is, or None when no job waits."""
        if not self.ranks:
            return None
        owner = min(self.ranks, key=self.ranks.__getitem__)
        lane = self.lanes[owner]
        item = lane.popleft()
        self.admitted += 1
        self.served[owner] = self.admitted
        if lane:
            self.ranks[owner] = self.admitted
        else:
            del self.lanes[owner], self.ranks[owner]
        return item
