"""One way to enqueue: `ArqQueue` (Redis) or `LocalQueue` (embedded, in-process), same jobs."""

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Protocol

import structlog
from arq import ArqRedis, Retry
from arq.constants import default_queue_name, in_progress_key_prefix, job_key_prefix
from arq.jobs import Job
from redis.exceptions import WatchError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.queries import projects
from pipeline.context import JobCtx
from pipeline.jobs import JOB_SPECS, PRODUCE_SHORT, JobSpec

log = structlog.get_logger(__name__)

CANCEL_TIMEOUT_S = 30.0  # a cancelled job stops at its next await: ffmpeg and workers are killed


def project_job_id(project_id: int, revision: int) -> str:
    """The one job ID of a project's production; a deliberate redo bumps `revision`."""
    return f"render:{project_id}:{revision}"


class JobQueue(Protocol):
    async def enqueue(self, name: str, *ids: int, job_id: str) -> bool:
        """Queue job `name`; False when `job_id` is already queued, running or kept."""
        ...

    async def cancel(self, job_id: str) -> None:
        """Drop the job if it is queued and stop it if it runs; return once it no longer runs.

        Raises TimeoutError when it still runs after CANCEL_TIMEOUT_S.
        """
        ...

    async def close(self) -> None:
        """Release the queue; unfinished jobs are resumed by the next start."""
        ...


async def enqueue_short(queue: JobQueue, project_id: int, revision: int) -> bool:
    """Queue a project's `produce_short` under its one job ID (False: already there)."""
    return await queue.enqueue(
        PRODUCE_SHORT, project_id, job_id=project_job_id(project_id, revision)
    )


async def enqueue_unfinished(
    sessionmaker: async_sessionmaker[AsyncSession], queue: JobQueue
) -> list[int]:
    """Queue `produce_short` for every queued or running project; return those newly queued.

    Job-ID dedup makes this safe at every start: a project whose job is still queued, running
    or kept is refused, so it never runs twice.
    """
    async with sessionmaker() as session:
        unfinished = [(p.id, p.revision) for p in await projects.list_unfinished_projects(session)]
    resumed = [pid for pid, revision in unfinished if await enqueue_short(queue, pid, revision)]
    log.info("queue.resumed", project_ids=resumed, unfinished=len(unfinished))
    return resumed


class ArqQueue:
    """Enqueues into Redis for `python -m bot worker`; `close()` closes the given pool."""

    def __init__(self, redis: ArqRedis) -> None:
        self.redis = redis

    async def enqueue(self, name: str, *ids: int, job_id: str) -> bool:
        return await self.redis.enqueue_job(name, *ids, _job_id=job_id) is not None

    async def cancel(self, job_id: str) -> None:
        if await self._dequeue(job_id):
            return
        # Running: arq's abort cancels it (the worker allows aborts) and waits for its end;
        # False means it had just finished, also fine here.
        await Job(job_id, self.redis).abort(timeout=CANCEL_TIMEOUT_S, poll_delay=0.1)

    async def _dequeue(self, job_id: str) -> bool:
        """Take a job that is not running out of the queue, as arq's worker takes one in: a
        transaction watching its in-progress key. Aborting a queued job would wait until a
        worker is free to skip it, behind every render before it."""
        running = in_progress_key_prefix + job_id
        async with self.redis.pipeline(transaction=True) as pipe:
            await pipe.watch(running)
            if await pipe.exists(running):
                return False
            pipe.multi()  # type: ignore[no-untyped-call]  # untyped in redis-py
            pipe.zrem(default_queue_name, job_id)
            pipe.delete(job_key_prefix + job_id)
            try:
                await pipe.execute()
            except WatchError:  # a worker took it meanwhile
                return False
        return True

    async def close(self) -> None:
        await self.redis.aclose()


class LocalQueue:
    """Embedded mode: the registered jobs as asyncio tasks in this process, arq's rules kept.

    Same ctx (plus `job_try`), job-ID dedup (queued, running, then kept `keep_result_s`),
    `Retry` with its defer up to `max_tries`, per-job timeout, and at most `concurrency`
    jobs running. `clock` and `sleep` are injectable so tests need not wait out a defer.
    """

    def __init__(
        self,
        ctx: JobCtx,
        *,
        specs: Mapping[str, JobSpec] = JOB_SPECS,
        concurrency: int = 1,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.ctx = ctx
        self.specs = specs
        self.slots = asyncio.Semaphore(concurrency)
        self.clock = clock
        self.sleep = sleep
        self.tasks: dict[str, asyncio.Task[None]] = {}  # queued, deferred or running
        self.kept: dict[str, float] = {}  # job ID -> when it may be queued again
        self.jobs_complete = self.jobs_failed = self.jobs_retried = 0
        self.closed = False

    async def enqueue(self, name: str, *ids: int, job_id: str) -> bool:
        if self.closed:
            raise RuntimeError("the queue is closed")
        spec = self.specs[name]
        now = self.clock()
        self.kept = {kept_id: until for kept_id, until in self.kept.items() if until > now}
        if job_id in self.tasks or job_id in self.kept:
            return False
        self.tasks[job_id] = asyncio.create_task(self._run(spec, job_id, ids), name=job_id)
        return True

    async def resume_unfinished(self) -> list[int]:
        """Queue every unfinished project (call once at start-up)."""
        return await enqueue_unfinished(self.ctx["sessionmaker"], self)

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
        """Cancel every job: their projects stay queued or running for the next start."""
        self.closed = True
        tasks = list(self.tasks.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    async def _run(self, spec: JobSpec, job_id: str, ids: tuple[int, ...]) -> None:
        job_try = 1
        try:
            while (defer := await self._try(spec, job_id, ids, job_try)) is not None:
                job_try += 1
                await self.sleep(defer)
            self.kept[job_id] = self.clock() + spec.keep_result_s
        finally:
            del self.tasks[job_id]

    async def _try(
        self, spec: JobSpec, job_id: str, ids: tuple[int, ...], job_try: int
    ) -> float | None:
        """Run one try; return the seconds to wait before the next, or None when it is over."""
        async with self.slots:
            try:
                async with asyncio.timeout(spec.timeout_s):
                    await spec.run({**self.ctx, "job_try": job_try}, *ids)
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
        self.jobs_complete += 1
        return None
