"""The `JobQueue` port: how services and transports queue jobs (`jobs.queue` implements it:
arq on Redis in production, in-process in embedded mode). Nothing here names the queue's
library, so changing it (saq, streaq, taskiq) touches `jobs/` only."""

from datetime import datetime
from typing import Protocol


class JobQueue(Protocol):
    async def enqueue(
        self,
        name: str,
        *ids: int,
        job_id: str,
        owner: int,
        defer_until: datetime | None = None,
        weight: int = 1,
    ) -> bool:
        """Queue job `name` for user `owner` (each user's jobs take turns with everyone
        else's, `weight` turns in a row: the plan's priority, and renders are capped per user
        while others wait); False when `job_id` is already queued, deferred, running or kept.

        `defer_until` (aware, UTC): the job runs not before then, and when due goes ahead of
        the waiting turns. On Redis it survives a restart; embedded mode keeps nothing, so
        the caller's row must hold the time and its resume queue the job again with it.
        """
        ...

    async def cancel(self, job_id: str) -> None:
        """Drop the job if it is queued and stop it if it runs; return once it no longer runs.

        Raises TimeoutError when it still runs after CANCEL_TIMEOUT_S.
        """
        ...

    async def reclaim(self, job_id: str) -> None:
        """The job's runner is dead (its project's lease says so): run the job again as soon
        as a slot is free, rather than when the queue's own timeout gives up on the runner.
        The lease, not the queue, keeps a project from running twice."""
        ...

    async def close(self) -> None:
        """Release the queue; unfinished jobs are resumed by the next start."""
        ...

    async def is_pending(self, job_id: str) -> bool:
        """True while `job_id` is queued, deferred or running (not once it has ended)."""
        ...
