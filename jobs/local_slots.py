"""`LocalQueue`'s slots of one queue: the jobs waiting for them, and who holds how many."""

import asyncio
from collections import deque
from dataclasses import dataclass, field

from jobs.fair_lanes import FairLanes
from jobs.registry import JobSpec


@dataclass(eq=False, slots=True)
class LocalJob:
    spec: JobSpec
    job_id: str
    ids: tuple[int, ...]
    owner: int
    slots: "Slots"
    holds: bool = False  # admitted from its owner's lane, counted in `slots.held` until it ends
    task: asyncio.Task[None] | None = None
    turn: asyncio.Future[None] | None = None  # resolved when a slot is this job's

    def start(self) -> bool:
        """Give this job its slot; False when its task was cancelled meanwhile."""
        task, turn = self.task, self.turn
        if turn is None or turn.done() or task is None or task.done() or task.cancelling():
            return False
        turn.set_result(None)
        return True


@dataclass(eq=False, slots=True)
class Slots:
    """One queue's slots: at most `concurrency` of its jobs run at once, and `owner_cap` per
    unit of weight counts against an owner while others wait (`jobs.fair_lanes`; 0: none)."""

    concurrency: int
    owner_cap: int = 0
    running: int = 0
    held: dict[int, int] = field(default_factory=dict)  # owner -> admitted jobs not ended
    waiting: FairLanes[LocalJob] = field(default_factory=FairLanes)  # new jobs, by owner
    retrying: deque[LocalJob] = field(default_factory=deque)  # due retries: they go first

    def fill(self) -> None:
        """Hand the free slots out: due retries first, then the next owner in turn (whose
        job now counts against them), until no slot is free or no job waits."""
        while self.running < self.concurrency:
            from_lanes = not self.retrying
            if from_lanes:
                job = self.waiting.pop(self.held, self.owner_cap)
            else:
                job = self.retrying.popleft()
            if job is None:
                return
            if not job.start():
                continue
            if from_lanes:
                job.holds = True
                self.held[job.owner] = self.held.get(job.owner, 0) + 1
            self.running += 1

    def unhold(self, job: LocalJob) -> None:
        """`job` ends: it no longer counts against its owner's cap (call before its slot is
        given on, so the next in turn is chosen with the count right)."""
        if job.holds:
            job.holds = False
            self.held[job.owner] -= 1
            if not self.held[job.owner]:
                del self.held[job.owner]
