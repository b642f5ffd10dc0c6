"""Builds the REST API's dependencies for `python -m api`: the job queue (Redis's, or jobs
run in this process in embedded mode), the working storage and the rate limiter.

Embedded mode (no REDIS__URL): this process runs the jobs it queues, like `python -m bot`
does, over the same database (project leases keep two processes off one project). Periodic
jobs (scheduled posts, reminders) run here only when no bot runs them: no BOT__TOKEN.
"""

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.deps import RestDeps
from api.key_cache import KeyCache
from api.rate_limit import MemoryRateLimiter, RateLimiter, RedisRateLimiter
from core.ports import JobQueue, Notifier
from core.settings import Settings
from db.base import utcnow
from jobs.periodic import periodic_specs
from jobs.queue import ArqQueue, LocalQueue
from jobs.runtime import build_job_ctx, choose_render_encoder
from services.batch_estimate import SpeedMemo
from services.notices import OriginRouter
from storage.disk import Storage

# Status estimates use this install's measured speed read at most this often per process.
SPEED_REREAD_S = 30.0


@asynccontextmanager
async def rest_dependencies(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    storage: Storage,
    notifier: Notifier,
) -> AsyncIterator[RestDeps]:
    async with AsyncExitStack() as stack:
        queue: JobQueue
        limiter: RateLimiter
        if settings.redis is not None:
            url = settings.redis.url.get_secret_value()
            queue = await ArqQueue.connect(url)
            limiter = RedisRateLimiter(url)
        else:
            ctx = build_job_ctx(settings, sessionmaker, notifier, storage)
            await choose_render_encoder(ctx)
            slots = settings.jobs
            local = LocalQueue(
                ctx, concurrency=slots.render_concurrency, io_concurrency=slots.io_concurrency
            )
            if isinstance(notifier, OriginRouter):
                notifier.attach_queue(local)  # webhook events go out as they happen
            await local.resume_unfinished()
            if settings.bot.token is None or not settings.bot.token.get_secret_value():
                local.start_periodic(periodic_specs(settings.jobs))
            queue, limiter = local, MemoryRateLimiter()
        stack.push_async_callback(queue.close)
        stack.push_async_callback(limiter.close)
        yield RestDeps(
            settings=settings, queue=queue, storage=storage, clock=utcnow, limiter=limiter,
            keys=KeyCache(ttl_s=settings.api.key_cache_s), speeds=SpeedMemo(SPEED_REREAD_S),
        )  # fmt: skip
