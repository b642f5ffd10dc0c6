"""Turns between job owners, weighted by plan, with a per-owner cap: the rule both queues follow.

Each owner's waiting jobs form a lane, first in, first out. When a slot frees, the next job
comes from the owner served least recently; a newcomer goes before everyone already served,
newcomers in order of arrival. A newcomer is an owner with nothing waiting and nothing
running (or waiting to retry): never served, or back after their earlier jobs ended. So if
user A queues 10 Shorts and then user B queues 1, B's runs second, not eleventh; and when B
asks for another after the first was made, it again waits for a running job at most, not
for A's weighted turn.

Weights (the plan's priority: Free and Creator 1, Pro 2, Agency 3): an owner of weight w
takes w admissions in a row per turn, then goes to the back. A newcomer still goes before an
owner in the middle of its turn, so a single Short never waits behind a round of a big batch
(an owner whose first turn is under way ranks after every newcomer, before every served
owner, in order of arrival).

The cap (`JOBS__MAX_RENDERS_PER_USER`, render queue only; 0: none) counts an owner's *held*
jobs: admitted and not ended (running, or waiting for a retry); a weight-w owner may hold
w x cap. It is work-conserving: a free slot goes to the next owner in turn among those below
their cap, and only when every waiting owner is at or over it does the slot go to the next
in turn anyway. So no slot idles while any job waits (a lone user's batch uses every slot),
yet while another owner below their cap waits, an owner at the cap is admitted nothing more:
B's single Short starts at the next free slot, and short jobs of B cannot hand A's batch
slot after slot (turns count admissions, the cap counts what runs). Jobs already running
are never stopped: an owner over the cap because nobody else waited comes down to it as its
jobs end. A deferred job (`defer_until`) bypasses the lanes, the turns and the cap.

`FairLanes` keeps the lanes in memory for `LocalQueue`; `jobs.arq_lanes` keeps the same
lanes, with the same ranks and counts, in Redis for `ArqQueue` and its workers.
"""

from collections import deque
from collections.abc import Mapping
from typing import Generic, TypeVar

T = TypeVar("T")

# The rank of the n-th newcomer is NEWCOMER + n: below every served owner's rank (the
# sequence number of their last admission that ended a turn, from 1), and exact in a Redis
# score. In the middle of its first turn an owner ranks FIRST_TURN + n: after every newcomer,
# before every served owner.
NEWCOMER = -(10**12)
FIRST_TURN = NEWCOMER // 2


def check_weight(weight: int) -> int:
    if weight < 1:
        raise ValueError(f"an owner's weight is at least 1, not {weight}")
    return weight


class FairLanes(Generic[T]):
    """Waiting jobs by owner; `pop` takes the next one in turn."""

    def __init__(self) -> None:
        self.lanes: dict[int, deque[T]] = {}
        self.ranks: dict[int, int] = {}  # owners with a waiting job -> rank, lowest goes next
        self.weights: dict[int, int] = {}  # owners with a waiting job -> weight (the latest)
        self.streaks: dict[int, int] = {}  # owners in the middle of a turn -> its admissions
        self.served: dict[int, int] = {}  # owner -> sequence number of their last admission
        self.admitted = 0
        self.newcomers = 0

    def __len__(self) -> int:
        return sum(len(lane) for lane in self.lanes.values())

    def push(self, owner: int, item: T, weight: int = 1, *, holds: bool = True) -> None:
        """Put `item` at the end of its owner's lane; `weight` is the owner's from now on.
        `holds`: the owner has a job admitted and not ended; one who has nothing waiting and
        holds nothing comes back as a newcomer."""
        self.weights[owner] = check_weight(weight)
        lane = self.lanes.get(owner)
        if lane is None:
            lane = self.lanes[owner] = deque()
            served = self.served.get(owner) if holds else None
            if served is None:
                self.newcomers += 1
            self.ranks[owner] = NEWCOMER + self.newcomers if served is None else served
        lane.append(item)

    def next_owner(self, held: Mapping[int, int], cap: int) -> int | None:
        """Whose turn it is: the lowest rank among owners holding less than their cap (any,
        when `cap` is 0 or nobody is below it)."""
        if not self.ranks:
            return None
        below = [
            owner
            for owner in self.ranks
            if not cap or held.get(owner, 0) < cap * self.weights[owner]
        ]
        return min(below or self.ranks, key=self.ranks.__getitem__)

    def pop(self, held: Mapping[int, int] | None = None, cap: int = 0) -> T | None:
        """The first job of the owner whose turn it is, or None when no job waits.

        `held`: each owner's jobs admitted and not ended; `cap`: the cap per unit of weight.
        """
        owner = self.next_owner(held or {}, cap)
        if owner is None:
            return None
        lane = self.lanes[owner]
        item = lane.popleft()
        self.admitted += 1
        self.served[owner] = self.admitted
        if not lane:
            del self.lanes[owner], self.ranks[owner], self.weights[owner]
            self.streaks.pop(owner, None)
            return item
        streak = self.streaks.get(owner, 0) + 1
        if streak >= self.weights[owner]:
            self.streaks.pop(owner, None)
            self.ranks[owner] = self.admitted
        else:
            self.streaks[owner] = streak
            if self.ranks[owner] < FIRST_TURN:  # a newcomer no more
                self.ranks[owner] += FIRST_TURN - NEWCOMER
        return item
