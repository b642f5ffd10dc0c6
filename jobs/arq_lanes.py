"""Fair admission into arq: owners' lanes in Redis, and a worker that admits from them.

arq starts jobs in score order, first in first out, so one user's 100 Shorts would run before
anyone else's. Instead a job first waits in its owner's lane (a Redis list), and a worker
admits the next job into arq's queue only when it has a free slot and no job in arq's queue
is ready and unclaimed. The owners take turns as `jobs.fair_lanes` describes.

Why admission on demand, not "at most N jobs per owner in arq's queue": a per-owner cap
leaves workers idle while a single user has work (N=1 on four workers runs one job at a
time), and any N > 1 puts that many of A's jobs ahead of B's first one. Admitting only when a
slot is free keeps every worker busy while any lane holds a job (work-conserving: a slot is
refilled as its job ends, a new job reaches an idle worker within one `poll_delay`), and
decides whose turn it is at the last moment. The cost: one small Lua call per poll of a
worker with a free slot, and idle workers starting together fill up about one job per poll
between them (seconds, against renders of minutes).

Nothing depends on a particular worker surviving: the lanes live in Redis and every worker
with a free slot admits from them on each poll, so a hard-killed worker blocks no owner
(arq itself re-runs the job it held once that job's in-progress key expires). Jobs arq
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

from jobs.fair_lanes import NEWCOMER

# KEYS: jobs hash, the owner's lane, turns zset, served hash, newcomer counter, arq's job and
# result keys. ARGV: job ID, serialized job, owner, NEWCOMER.
_PUSH = """
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 or redis.call('EXISTS', KEYS[6], KEYS[7]) > 0 then
  return 0
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('RPUSH', KEYS[2], ARGV[1])
if not redis.call('ZSCORE', KEYS[3], ARGV[3]) then
  local rank = redis.call('HGET', KEYS[4], ARGV[3])
  if not rank then
    rank = tonumber(ARGV[4]) + redis.call('INCR', KEYS[5])
  end
  redis.call('ZADD', KEYS[3], rank, ARGV[3])
end
return 1
"""

# KEYS: arq's queue, jobs hash, turns zset, served hash, admissions counter. ARGV: free slots,
# now (ms), job key lifetime (ms), lane key prefix, arq's job, result and in-progress prefixes.
_ADMIT = """
local want = tonumber(ARGV[1])
local now = tonumber(ARGV[2])
for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now)) do
  if redis.call('EXISTS', ARGV[7] .. id) == 0 then
    want = want - 1
    if want <= 0 then return 0 end
  end
end
local admitted = 0
while admitted < want do
  local head = redis.call('ZRANGE', KEYS[3], 0, 0)
  if #head == 0 then break end
  local owner = head[1]
  local lane = ARGV[4] .. owner
  local job_id = redis.call('LPOP', lane)
  local seq = redis.call('INCR', KEYS[5])
  redis.call('HSET', KEYS[4], owner, seq)
  if redis.call('LLEN', lane) == 0 then
    redis.call('ZREM', KEYS[3], owner)
  else
    redis.call('ZADD', KEYS[3], seq, owner)
  end
  local payload = job_id and redis.call('HGET', KEYS[2], job_id)
  if payload then
    redis.call('HDEL', KEYS[2], job_id)
    if redis.call('EXISTS', ARGV[5] .. job_id, ARGV[6] .. job_id) == 0 then
      redis.call('PSETEX', ARGV[5] .. job_id, ARGV[3], payload)
      redis.call('ZADD', KEYS[1], now - want + admitted, job_id)
      admitted = admitted + 1
    end
  end
end
return admitted
"""


# KEYS: jobs hash, arq's job, result keys and queue. ARGV: job ID, serialized job, score (ms),
# job key lifetime (ms).
_DEFER = """
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 or redis.call('EXISTS', KEYS[2], KEYS[3]) > 0 then
  return 0
end
redis.call('PSETEX', KEYS[2], ARGV[4], ARGV[2])
redis.call('ZADD', KEYS[4], ARGV[3], ARGV[1])
return 1
"""


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
        self._push = redis.register_script(_PUSH)
        self._admit = redis.register_script(_ADMIT)
        self._defer = redis.register_script(_DEFER)

    async def push(self, name: str, ids: tuple[int, ...], *, job_id: str, owner: int) -> bool:
        """Put a job at the end of its owner's lane; False when the job ID is taken."""
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
        ]
        return bool(await self._push(keys=keys, args=[job_id, payload, owner, NEWCOMER]))

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

    async def admit(self, free_slots: int) -> int:
        """Move up to `free_slots` jobs, in turn, into arq's queue, less those arq already
        has ready and unclaimed; return how many were moved."""
        keys = [self.queue_name, self.jobs, self.turns, self.served, self.admissions]
        args: list[str | int] = [
            free_slots,
            timestamp_ms(),
            self.redis.expires_extra_ms,
            self.lane_prefix,
            job_key_prefix,
            result_key_prefix,
            in_progress_key_prefix,
        ]
        return int(await self._admit(keys=keys, args=args))


class FairWorker(Worker):
    """arq's Worker that admits jobs from the lanes into its free slots: on every poll, and
    as each job ends, just before arq drops that job from its queue (so the freed slot is
    filled at once, and a burst worker never finds the queue empty while a lane holds a job).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._lanes: RedisLanes | None = None

    async def heart_beat(self) -> None:
        await super().heart_beat()
        await self._admit(self.max_jobs - self.job_counter)

    async def finish_job(self, job_id: str, *args: Any, **kwargs: Any) -> None:
        await self._admit(self.max_jobs - self.job_counter + 1)  # + the slot this job frees
        await super().finish_job(job_id, *args, **kwargs)

    async def finish_failed_job(self, job_id: str, result_data: bytes | None) -> None:
        await self._admit(self.max_jobs - self.job_counter + 1)
        await super().finish_failed_job(job_id, result_data)

    async def _admit(self, free_slots: int) -> None:
        if free_slots <= 0 or not self.allow_pick_jobs:
            return
        if self._lanes is None:
            self._lanes = RedisLanes(self.pool, self.queue_name)
        await self._lanes.admit(free_slots)
