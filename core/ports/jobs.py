"""The `JobQueue` port: how services and transports queue jobs (`jobs.queue` implements it:
arq on Redis in production, in-process in embedded mode)."""

from typing import Protocol


class JobQueue(Protocol):
    async def enqueue(self, name: str, *ids: int, job_id: str, owner: int) -> bool:
        """Queue job `name` for user `owner` (each user's jobs take turns with everyone
        else's); False when `job_id` is already queued, running or kept."""
        ...

    async def cancel(self, job_id: str) -> None:
        """Drop the job if it is queued and stop it if it runs; return once it no longer runs.

        Raises TimeoutError when it still runs after CANCEL_TIMEOUT_S.
        """
        ...

    async def close(self) -> None:
        """Release the queue; unfinished jobs are resumed by the next start."""
        ...

    async def is_pending(self, job_id: str) -> bool:
        """True while `job_id` is queued, deferred or running (not once it has ended)."""
        ...
