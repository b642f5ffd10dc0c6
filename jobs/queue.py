"""One way to enqueue: `ArqQueue` (Redis) or `LocalQueue` (embedded, in-process), same jobs,
same turns between users (`jobs.fair_lanes`)."""

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

import structlog
from arq import ArqRedis, Retry
from arq.constants import default_queue_name, in_progress_key_prefix, job_key_prefix
from arq.jobs import Job, JobStatus
from redis.exceptions import WatchError

from core.ports import JobQueue
from jobs.arq_lanes import RedisLanes
from jobs.fair_lanes import FairLanes
from jobs.registry import JOB_SPECS, JobSpec
from pipeline.context import JobCtx

log = structlog.get_logger(__name__)

CANCEL_TIMEOUT_S = 30.0  # a cancelled job stops at its next await: ffmpeg and workers are killed


async def enqueue_unfinished(ctx: JobCtx, queue: JobQueue) -> list[int]:
    """Queue `produce_short` for every unfinished project nobody runs (a live lease is left
    alone, a project out of attempts is failed, undelivered previews are sent); return the
    projects newly queued.

    Job-ID dedup makes this safe at every start: a project whose job is still queued, running
    or kept is refused, so it never runs twice.
    """
    from jobs.reaper import resume_projects  # noqa: PLC0415 - the reaper enqueues via here

    return (await resume_projects(ctx, queue)).queued


class ArqQueue:
    """Enqueues into Redis for `python -m bot worker`; `close()` closes the given pool.

    A job waits in its owner's lane in Redis until a worker with a free slot admits it into
    arq's queue (`jobs.arq_lanes`): the owners take turns, as with LocalQueue.
    """

    def __init__(self, redis: ArqRedis) -> None:
        self.redis = redis
        self.lanes = RedisLanes(redis)

    async def enqueue(self, name: str, *ids: int, job_id: str, owner: int) -> bool:
        return await self.lanes.push(name, ids, job_id=job_id, owner=owner)

    async def cancel(self, job_id: str) -> None:
        if await self.lanes.drop(job_id) or await self._dequeue(job_id):
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

    async def is_pending(self, job_id: str) -> bool:
        if await self.lanes.holds(job_id):  # waiting in its owner's lane
            return True
        status = await Job(job_id, self.redis).status()
        return status in (JobStatus.deferred, JobStatus.queued, JobStatus.in_progress)


@dataclass(eq=False, slots=True)
class _LocalJob:
    spec: JobSpec
    job_id: str
    ids: tuple[int, ...]
    task: asyncio.Task[None] | None = None
    turn: asyncio.Future[None] | None = None  # resolved when a slot is this job's


class LocalQueue:
    """Embedded mode: the registered jobs as asyncio tasks in this process, arq's rules kept.

    Same ctx (plus `job_try`), job-ID dedup (queued, running, then kept `keep_result_s`),
    `Retry` with its defer up to `max_tries`, per-job timeout, and at most `concurrency`
    jobs running. A free slot goes to a retry whose defer is over, else to the next owner in
    turn (`FairLanes`), as the arq workers do. `clock` and `sleep` are injectable so tests
    need not wait out a defer.
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
        self.concurrency = concurrency
        self.running = 0  # slots taken
        self.waiting: FairLanes[_LocalJob] = FairLanes()  # new jobs, by owner
        self.retrying: deque[_LocalJob] = deque()  # deferred retries now due: they go first
        self.clock = clock
        self.sleep = sleep
        self.tasks: dict[str, asyncio.Task[None]] = {}  # queued, deferred or running
        self.kept: dict[str, float] = {}  # job ID -> when it may be queued again
        self.jobs_complete = self.jobs_failed = self.jobs_retried = 0
        self.closed = False
        self.reaper: asyncio.Task[None] | None = None

    async def enqueue(self, name: str, *ids: int, job_id: str, owner: int) -> bool:
        if self.closed:
            raise RuntimeError("the queue is closed")
        spec = self.specs[name]
        now = self.clock()
        self.kept = {kept_id: until for kept_id, until in self.kept.items() if until > now}
        if job_id in self.tasks or job_id in self.kept:
            return False
        job = _LocalJob(spec, job_id, ids, turn=asyncio.get_running_loop().create_future())
        job.task = self.tasks[job_id] = asyncio.create_task(self._run(job), name=job_id)
        self.waiting.push(owner, job)
        self._dispatch()
        return True

    async def resume_unfinished(self) -> list[int]:
        """Queue every unfinished project nobody runs (call once at start-up)."""
        return await enqueue_unfinished(self.ctx, self)

    async def is_pending(self, job_id: str) -> bool:
        return job_id in self.tasks

    def start_reaper(self) -> None:
        """Run the reaper (`jobs.reaper.reap_projects`) in this process until `close()`."""
        from jobs.reaper import run_reaper  # noqa: PLC0415 - the reaper enqueues via here

        interval = self.ctx["settings"].jobs.reaper_interval_s
        self.reaper = asyncio.create_task(
            run_reaper(self.ctx, self, interval_s=interval, sleep=self.sleep)
        )

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
        """Cancel every job: their projects are queued again for the next start."""
        self.closed = True
        if self.reaper is not None:
            self.reaper.cancel()
            await asyncio.gather(self.reaper, return_exceptions=True)
        tasks = list(self.tasks.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    def _dispatch(self) -> None:
        """Hand free slots to waiting jobs: due retries first, then the next owner in turn."""
        while self.running < self.concurrency and not self.closed:
            job = self.retrying.popleft() if self.retrying else self.waiting.pop()
            if job is None:
                return
            task, turn = job.task, job.turn
            if turn is None or turn.done() or task is None or task.done() or task.cancelling():
                continue  # its task was cancelled
            self.running += 1
            turn.set_result(None)

    async def _wait_turn(self, job: _LocalJob) -> None:
        turn = job.turn
        if turn is None:
            return
        try:
            await turn
        except asyncio.CancelledError:
            if turn.done() and not turn.cancelled():  # the slot was given: pass it on
                self._release()
            raise

    def _release(self) -> None:
        self.running -= 1
        self._dispatch()

    async def _run(self, job: _LocalJob) -> None:
        job_try = 1
        try:
            await self._wait_turn(job)
            while (defer := await self._try(job, job_try)) is not None:
                job_try += 1
                job.turn = asyncio.get_running_loop().create_future()
                # As in arq, a retry that is due starts before any new job is admitted.
                if defer > 0:  # the slot is free while the retry waits
                    self._release()
                    await self.sleep(defer)
                    self.retrying.append(job)
                    self._dispatch()
                else:  # due at once: first in line before the slot is freed
                    self.retrying.append(job)
                    self._release()
                await self._wait_turn(job)
            self._release()
            self.kept[job.job_id] = self.clock() + job.spec.keep_result_s
        finally:
            del self.tasks[job.job_id]

    async def _try(self, job: _LocalJob, job_try: int) -> float | None:
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
            self._release()
            raise
        self.jobs_complete += 1
        return None
