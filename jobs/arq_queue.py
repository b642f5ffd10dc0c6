"""`ArqQueue`: the `JobQueue` on Redis for the `python -m jobs` workers.

Each queue (`render`, `io`) is its own arq queue with its own owners' lanes
(`jobs.arq_lanes`), so a worker serving `io` never waits behind renders. A job with a
`defer_until` goes straight into its arq queue with that time as its score: Redis keeps it
through any restart, and the first worker polling after its time runs it.
"""

from collections.abc import Mapping
from datetime import datetime

from arq import ArqRedis, create_pool
from arq.connections import RedisSettings
from arq.constants import default_queue_name, in_progress_key_prefix, job_key_prefix
from arq.jobs import Job, JobStatus
from redis.exceptions import WatchError

from jobs.arq_lanes import RedisLanes
from jobs.registry import CANCEL_TIMEOUT_S, JOB_SPECS, JobSpec, QueueName, queue_of

# `render` keeps arq's default queue, so jobs queued before there were two queues still run.
ARQ_QUEUES: Mapping[QueueName, str] = {
    QueueName.RENDER: default_queue_name,
    QueueName.IO: f"{default_queue_name}:io",
}


class ArqQueue:
    """Enqueues into Redis; `close()` closes the given pool.

    A job waits in its owner's lane of its queue until a worker with a free slot admits it
    into arq's queue (`jobs.arq_lanes`): the owners take turns, weighted and capped by the
    workers, as with LocalQueue.
    """

    def __init__(self, redis: ArqRedis, *, specs: Mapping[str, JobSpec] = JOB_SPECS) -> None:
        self.redis = redis
        self.specs = specs
        self.lanes = {queue: RedisLanes(redis, name) for queue, name in ARQ_QUEUES.items()}

    @classmethod
    async def connect(cls, url: str) -> "ArqQueue":
        """A queue on its own pool to the Redis at `url` (`close()` closes it)."""
        return cls(await create_pool(RedisSettings.from_dsn(url)))

    async def enqueue(
        self,
        name: str,
        *ids: int,
        job_id: str,
        owner: int,
        defer_until: datetime | None = None,
        weight: int = 1,
    ) -> bool:
        lanes = self.lanes[queue_of(name, self.specs)]
        if defer_until is None:
            return await lanes.push(name, ids, job_id=job_id, owner=owner, weight=weight)
        until_ms = round(defer_until.timestamp() * 1000)
        return await lanes.defer(name, ids, job_id=job_id, until_ms=until_ms)

    async def cancel(self, job_id: str) -> None:
        for lanes in self.lanes.values():
            if await lanes.drop(job_id):
                return
        if await self._dequeue(job_id):
            return
        # Running: arq's abort cancels it (the worker allows aborts) and waits for its end;
        # False means it had just finished, also fine here.
        job = await self._job(job_id)
        await job.abort(timeout=CANCEL_TIMEOUT_S, poll_delay=0.1)

    async def _job(self, job_id: str) -> Job:
        """arq's handle on a job, in the arq queue that holds it (`render`'s when none does:
        arq reads a running or finished job's state from keys of its own)."""
        for queue_name in ARQ_QUEUES.values():
            if await self.redis.zscore(queue_name, job_id) is not None:
                return Job(job_id, self.redis, _queue_name=queue_name)
        return Job(job_id, self.redis, _queue_name=ARQ_QUEUES[QueueName.RENDER])

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
            for queue_name in ARQ_QUEUES.values():
                pipe.zrem(queue_name, job_id)
            pipe.delete(job_key_prefix + job_id)
            try:
                await pipe.execute()
            except WatchError:  # a worker took it meanwhile
                return False
        return True

    async def reclaim(self, job_id: str) -> None:
        # arq's worker keeps a started job's in-progress key for the job's whole timeout;
        # without it, the job (still in its queue, due) is taken by the next poll, next try.
        await self.redis.delete(in_progress_key_prefix + job_id)

    async def close(self) -> None:
        await self.redis.aclose()

    async def is_pending(self, job_id: str) -> bool:
        for lanes in self.lanes.values():
            if await lanes.holds(job_id):  # waiting in its owner's lane
                return True
        status = await (await self._job(job_id)).status()
        return status in (JobStatus.deferred, JobStatus.queued, JobStatus.in_progress)
