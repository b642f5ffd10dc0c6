"""Jobs that run until the test opens them, one by one: what starts when, and how many of
each owner's jobs run at each start."""

import asyncio
from collections import defaultdict

from fair_support import Started

from jobs.registry import JobSpec
from pipeline.context import JobCtx

Job = tuple[int, int]  # (owner, n)


class Gate:
    def __init__(self) -> None:
        self.started: Started = []
        self.running: dict[int, int] = defaultdict(int)
        self.at_start: list[dict[int, int]] = []  # each owner's running jobs as each starts
        self.doors: dict[Job, asyncio.Event] = defaultdict(asyncio.Event)
        self.changed = asyncio.Event()

    def specs(self) -> dict[str, JobSpec]:
        """The `record` job (as `fair_support.recorder` names it), held at the gate."""

        async def record(ctx: JobCtx, owner: int, n: int) -> None:
            self.started.append((owner, n))
            self.running[owner] += 1
            self.at_start.append(dict(self.running))
            self.changed.set()
            try:
                await asyncio.wait_for(self.doors[owner, n].wait(), 20)
            finally:
                self.running[owner] -= 1

        return {"record": JobSpec("record", record)}

    def open(self, *jobs: Job) -> None:
        for job in jobs:
            self.doors[job].set()

    async def wait_started(self, count: int) -> Started:
        """The jobs started once `count` have; fails if more start within a moment (a
        slot went to a job it should not have)."""
        async with asyncio.timeout(10):
            while len(self.started) < count:
                await self.changed.wait()
                self.changed.clear()
        await asyncio.sleep(0.2)
        assert len(self.started) == count, self.started
        return list(self.started)

    def running_of(self, owner: int) -> list[int]:
        """How many of `owner`'s jobs ran as each job started (itself included)."""
        return [running.get(owner, 0) for running in self.at_start]
