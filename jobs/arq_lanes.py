"""Fair admission into arq: owners' lanes in Redis, and a worker that admits from them.

arq starts jobs in score order, first in first out, so one user's 100 Shorts would run before
anyone else's. Instead a job first waits in its owner's lane (a Redis list), and a worker
admits the next job into arq's queue only when it has a free slot and no job in arq's queue
is ready and unclaimed. The owners take turns, weighted, as `jobs.fair_lanes` describes.

Why admission on demand, not "at most N jobs per owner in arq's queue": such a cap
leaves workers idle while a single user has work (N=1 on four workers runs one job at a
time), and any N > 1 puts that many of A's jobs ahead of B's first one. Admitting only when a
slot is free keeps every worker busy while any lane holds a job (work-conserving: a slot is
refilled as its job ends, a new job reaches an idle worker within one `poll_delay`), and
decides whose turn it is at the last moment. The per-user cap (`JOBS__MAX_RENDERS_PER_USER`)
is the work-conserving one of `jobs.fair_lanes`, global across workers: the admitting script
counts each owner's jobs in arq's queue (queued, running, or waiting for a retry), from arq's
own state, in the same atomic step that picks whose turn it is. The cost: one small Lua call
per poll of a worker with a free slot, and idle workers starting together fill up about one
job per poll between them (seconds, against renders of minutes).

Nothing depends on a particular worker surviving: the lanes live in Redis and every worker
with a free slot admits from them on each poll, so a hard-killed worker blocks no owner
(arq itself re-runs the job it held once that job's in-progress key expires, or at once when
the reaper reclaims it; until that run ends, the job counts against its owner's cap). Jobs arq
already holds keep their place: a retry whose defer is over, or a job put back by a stopped
worker, is started before anything new is admitted. A restart loses nothing: Redis holds the
lanes, and the database's unfinished projects are queued again at start-up (job-ID dedup).

Job-ID dedup covers the lanes: an ID waiting in a lane, queued or running in arq, or whose
result arq still keeps is refused. Each step is one Lua script, atomic in Redis.
"""

from collections.abc import Awaitable
from typing import Any, cast

from arq import ArqRedis, Worker
from arq.constants import in_progress_key_prefix, job_key_prefix, result_key_prefix
from arq.jobs import serialize_job
from arq.utils import timestamp_ms

from jobs.fair_lanes import FIRST_TURN, NEWCOMER, check_weight
from jobs.lane_scripts import ADMIT, DEFER, PUSH


class RedisLanes:
    """The owners' lanes of one arq queue, kept in Redis beside it."""

    def __init__(self, redis: ArqRedis, queue_name: str) -> None:
        self.redis = redis
        self.queue_name = queue_name
        prefix = f"{self.queue_name}:fair:"
        self.lane_prefix = prefix + "lane:"
        self.jobs, self.turns = prefix + "jobs", prefix + "turns"
        self.served, self.newcomers = prefix + "served", prefix + "newcomers"
        self.admissions = prefix + "admissions"
        self.weights, self.streaks = prefix + "weights", prefix + "streaks"
        self.held = prefix + "held"
        self._push = redis.register_script(PUSH)
        self._admit = redis.register_script(ADMIT)
        self._defer = redis.register_script(DEFER)

    async def push(
        self, name: str, ids: tuple[int, ...], *, job_id: str, owner: int, weight: int = 1
    ) -> bool:
        """Put a job at the end of its owner's lane (`weight`: the owner's from now on);
        False when the job ID is taken."""
        payload = serialize_job(
            name, ids, {}, None, timestamp_ms(), serializer=self.redis.job_serializer
        )
        keys = [
            self.jobs,
            f"{self.lane_prefix}{owner}",
            self.turns,
            self.served,
            self.newcomers,
            job_key_prefix + job_id,
            result_key_prefix + job_id,
            self.weights,
            self.held,
            self.queue_name,
        ]
        args: list[str | bytes | int] = [job_id, payload, owner, NEWCOMER, check_weight(weight)]
        return bool(await self._push(keys=keys, args=args))

    async def defer(self, name: str, ids: tuple[int, ...], *, job_id: str, until_ms: int) -> bool:
        """Put a job straight into arq's queue, to start at `until_ms` (arq's own defer: when
        due it goes before the lanes, as a due retry does); False when the job ID is taken."""
        now = timestamp_ms()
        payload = serialize_job(name, ids, {}, None, now, serializer=self.redis.job_serializer)
        keys = [self.jobs, job_key_prefix + job_id, result_key_prefix + job_id, self.queue_name]
        lifetime = max(until_ms - now, 0) + self.redis.expires_extra_ms
        return bool(await self._defer(keys=keys, args=[job_id, payload, until_ms, lifetime]))

    async def holds(self, job_id: str) -> bool:
        """True while `job_id` waits in a lane (not yet admitted into arq's queue)."""
        # redis-py types its commands for both clients; this one is the asyncio client.
        return bool(await cast("Awaitable[bool]", self.redis.hexists(self.jobs, job_id)))

    async def drop(self, job_id: str) -> bool:
        """Take a waiting job out of its lane (its ID stays in the lane list and is skipped
        when its turn comes); False when it was not waiting."""
        return bool(await cast("Awaitable[int]", self.redis.hdel(self.jobs, job_id)))

    async def admit(self, free_slots: int, *, cap: int = 0, ending: str = "") -> int:
        """Move up to `free_slots` jobs, in turn, into arq's queue, less those arq already
        has ready and unclaimed; return how many were moved.

        `cap`: per unit of weight, as `FairLanes.pop`; `ending`: the ID of a job about to
        leave arq's queue, no longer counted against its owner."""
        keys = [
            self.queue_name,
            self.jobs,
            self.turns,
            self.served,
            self.admissions,
            self.weights,
            self.streaks,
            self.held,
        ]
        args: list[str | int] = [
            free_slots,
            timestamp_ms(),
            self.redis.expires_extra_ms,
            self.lane_prefix,
            job_key_prefix,
            result_key_prefix,
            in_progress_key_prefix,
            cap,
            ending,
            NEWCOMER,
            FIRST_TURN,
        ]
        return int(await self._admit(keys=keys, args=args))

    async def held_counts(self) -> dict[int, int]:
        """Each owner's jobs counted against the cap (admitted from the lanes, still in arq's
        queue): what the next admission would see."""
        entries = await cast("Awaitable[dict[bytes, bytes]]", self.redis.hgetall(self.held))
        counts: dict[int, int] = {}
        for job_id, owner in entries.items():
            if await self.redis.zscore(self.queue_name, job_id) is not None:
                counts[int(owner)] = counts.get(int(owner), 0) + 1
        return counts


class FairWorker(Worker):
    """arq's Worker that admits jobs from the lanes into its free slots: on every poll, and
    as each job ends, just before arq drops that job from its queue (so the freed slot is
    filled at once, and a burst worker never finds the queue empty while a lane holds a job).

    `owner_cap`: `JOBS__MAX_RENDERS_PER_USER` on the render queue (0: none); every worker of
    a queue must be given the same.
    """

    def __init__(self, *args: Any, owner_cap: int = 0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.owner_cap = owner_cap
        self._lanes: RedisLanes | None = None

    async def heart_beat(self) -> None:
        await super().heart_beat()
        await self._admit(self.max_jobs - self.job_counter)

    async def finish_job(self, job_id: str, finish: bool, *args: Any, **kwargs: Any) -> None:
        # + the slot this job frees; a job that ends (not one put back to retry) leaves
        # arq's queue in a moment, and no longer counts against its owner's cap.
        await self._admit(self.max_jobs - self.job_counter + 1, job_id if finish else "")
        await super().finish_job(job_id, finish, *args, **kwargs)

    async def finish_failed_job(self, job_id: str, result_data: bytes | None) -> None:
        await self._admit(self.max_jobs - self.job_counter + 1, job_id)
        await super().finish_failed_job(job_id, result_data)

    async def _admit(self, free_slots: int, ending: str = "") -> None:
        if free_slots <= 0 or not self.allow_pick_jobs:
            return
        if self._lanes is None:
            self._lanes = RedisLanes(self.pool, self.queue_name)
        await self._lanes.admit(free_slots, cap=self.owner_cap, ending=ending)
