"""`LocalQueue`: embedded mode's `JobQueue`, the registered jobs as asyncio tasks in this
process, with arq's rules and the same weighted turns and per-user cap (`jobs.fair_lanes`).

Nothing here is durable: a job queued or deferred when the process stops is gone. Whoever
queued it keeps what it needs in its own row (a project's status, a publication's time) and
queues it again at the next start (`resume_unfinished`, with the same `defer_until`); job-ID
dedup keeps that from running anything twice.
"""

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import UTC, datetime

import structlog
from arq import Retry

from jobs.local_slots import LocalJob, Slots
from jobs.periodic import PeriodicSpec, run_every
from jobs.reaper import enqueue_unfinished
from jobs.registry import CANCEL_TIMEOUT_S, JOB_SPECS, JobSpec, QueueName, queue_of
from pipeline.context import JobCtx

log = structlog.get_logger(__name__)


class LocalQueue:
    """Embedded mode: same ctx (plus `job_try`), job-ID dedup (queued, running, then kept
    `keep_result_s`), `Retry` with its defer up to `max_tries`, per-job timeout.

    Each queue (`render`, `io`) has its own slots (`concurrency`, `io_concurrency`): a free
    slot goes to a due retry or deferred job of that queue, else to its next owner in turn
    (`jobs.local_slots`; `render` capped per user by the ctx's `JOBS__MAX_RENDERS_PER_USER`),
    as the arq workers do. `clock` and `sleep` are injectable: tests need not wait out a retry.
    """

    def __init__(
        self,
        ctx: JobCtx,
        *,
        specs: Mapping[str, JobSpec] = JOB_SPECS,
        concurrency: int = 1,
        io_concurrency: int = 16,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.ctx, self.specs, self.clock, self.sleep = ctx, specs, clock, sleep
        owner_cap = ctx["settings"].jobs.max_renders_per_user
        self.slots = {
            QueueName.RENDER: Slots(concurrency, owner_cap),
            QueueName.IO: Slots(io_concurrency),
        }
        self.tasks: dict[str, asyncio.Task[None]] = {}  # queued, deferred or running
        self.kept: dict[str, float] = {}  # job ID -> when it may be queued again
        self.jobs_complete = self.jobs_failed = self.jobs_retried = 0
        self.closed = False
        self.ticks: list[asyncio.Task[None]] = []

    async def enqueue(
        self,
        name: str,
        *ids: int,
        job_id: str,
        owner: int,
        defer_until: datetime | None = None,
        weight: int = 1,
    ) -> bool:
        if self.closed:
            raise RuntimeError("the queue is closed")
        spec = self.specs[name]
        now = self.clock()
        self.kept = {kept_id: until for kept_id, until in self.kept.items() if until > now}
        if job_id in self.tasks or job_id in self.kept:
            return False
        turn = asyncio.get_running_loop().create_future()
        slots = self.slots[queue_of(name, self.specs)]
        job = LocalJob(spec, job_id, ids, owner, slots, turn=turn)
        job.task = self.tasks[job_id] = asyncio.create_task(
            self._run(job, defer_until), name=job_id
        )
        if defer_until is None:
            job.slots.waiting.push(owner, job, weight, holds=owner in job.slots.held)
            self._dispatch(job.slots)
        return True

    async def resume_unfinished(self) -> list[int]:
        """Queue every unfinished project nobody runs (call once at start-up)."""
        return await enqueue_unfinished(self.ctx, self)

    async def is_pending(self, job_id: str) -> bool:
        return job_id in self.tasks

    def start_periodic(self, specs: Sequence[PeriodicSpec]) -> None:
        """Run each periodic job (`jobs.periodic`) in this process until `close()`."""
        self.ticks += [
            asyncio.create_task(run_every(spec, self.ctx, self, sleep=self.sleep), name=spec.name)
            for spec in specs
        ]

    async def reclaim(self, job_id: str) -> None:
        """Nothing to do: a job here runs in this process, so its runner cannot be dead; a
        hung one ends at its timeout, and the project's lease keeps it from the project."""
        del job_id

    async def join(self) -> None:
        """Wait until no job is queued, deferred or running."""
        while self.tasks:
            await asyncio.wait(list(self.tasks.values()))

    async def cancel(self, job_id: str) -> None:
        task = self.tasks.get(job_id)
        if task is None:
            return
        task.cancel()
        await asyncio.wait([task], timeout=CANCEL_TIMEOUT_S)
        if not task.done():
            raise TimeoutError(f"job {job_id} did not stop")

    async def close(self) -> None:
        """Cancel every job and tick: their projects are queued again at the next start."""
        self.closed = True
        tasks = [*self.ticks, *self.tasks.values()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    def _dispatch(self, slots: Slots) -> None:
        if not self.closed:
            slots.fill()

    async def _wait_turn(self, job: LocalJob) -> None:
        turn = job.turn
        if turn is None:
            return
        try:
            await turn
        except asyncio.CancelledError:
            if turn.done() and not turn.cancelled():  # the slot was given: pass it on
                job.slots.unhold(job)
                self._release(job.slots)
            raise

    def _release(self, slots: Slots) -> None:
        slots.running -= 1
        self._dispatch(slots)

    async def _run(self, job: LocalJob, defer_until: datetime | None) -> None:
        job_try, slots = 1, job.slots
        try:
            if defer_until is not None:  # as in arq, a due deferred job goes first
                await asyncio.sleep(max(0.0, (defer_until - datetime.now(UTC)).total_seconds()))
                slots.retrying.append(job)
                self._dispatch(slots)
            await self._wait_turn(job)
            while (defer := await self._try(job, job_try)) is not None:
                job_try += 1
                job.turn = asyncio.get_running_loop().create_future()
                # As in arq, a retry that is due starts before any new job is admitted.
                if defer > 0:  # the slot is free while the retry waits
                    self._release(slots)
                    await self.sleep(defer)
                    slots.retrying.append(job)
                    self._dispatch(slots)
                else:  # due at once: first in line before the slot is freed
                    slots.retrying.append(job)
                    self._release(slots)
                await self._wait_turn(job)
            slots.unhold(job)
            self._release(slots)
            self.kept[job.job_id] = self.clock() + job.spec.keep_result_s
        finally:
            slots.unhold(job)  # cancelled while it waited for a retry: no slot to give on
            del self.tasks[job.job_id]

    async def _try(self, job: LocalJob, job_try: int) -> float | None:
        """Run one try in the slot it was given (the caller frees it); return the seconds to
        wait before the next, or None when it is over."""
        spec, job_id = job.spec, job.job_id
        try:
            async with asyncio.timeout(spec.backstop_s):
                await spec.run({**self.ctx, "job_try": job_try}, *job.ids)
        except Retry as retry:
            if job_try < spec.max_tries:
                self.jobs_retried += 1
                return (retry.defer_score or 0) / 1000
            log.warning("job.max_tries", job_id=job_id, job_try=job_try)
            self.jobs_failed += 1
            return None
        except Exception:
            # As arq's worker does: the failure is logged and counted, the queue goes on.
            log.exception("job.failed", job_id=job_id, job_try=job_try)
            self.jobs_failed += 1
            return None
        except BaseException:  # cancelled (close): the slot is free again
            job.slots.unhold(job)
            self._release(job.slots)
            raise
        self.jobs_complete += 1
        return None
