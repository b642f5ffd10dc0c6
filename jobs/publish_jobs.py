"""The publish job and the scheduler's tick, on the `io` queue: a publication never waits
behind renders."""

from datetime import timedelta

import aiohttp

from core.ports import JobQueue
from jobs.publish_wiring import credentials_for, media_url_for, publishers_for
from pipeline.context import JobCtx
from pipeline.lease import runner_id
from services.metrics_cadence import Cadence
from services.publish_deps import JobTry, PublishDeps
from services.publish_run import publish_once
from services.publish_schedule import queue_due_publications

# Reads wait this long for the next bytes; a large upload's parts each get their own.
HTTP_TIMEOUT = aiohttp.ClientTimeout(total=None, sock_connect=15, sock_read=120)


def publish_deps(ctx: JobCtx, http: aiohttp.ClientSession) -> PublishDeps:
    """What a try needs, from the process's settings (publishers, credentials, media URLs)."""
    settings = ctx["settings"]
    return PublishDeps(
        sessionmaker=ctx["sessionmaker"],
        storage=ctx["storage"],
        notifier=ctx["notifier"],
        http=http,
        publishers=publishers_for(settings),
        credentials=credentials_for(ctx["sessionmaker"], settings, http),
        quotas=settings.publishers.quotas,
        lease=timedelta(seconds=settings.jobs.lease_s),
        media_url=media_url_for(settings),
        cadence=Cadence.from_settings(settings.metrics),
    )


def job_try(ctx: JobCtx) -> JobTry:
    return JobTry(runner_id(ctx), ctx.get("job_try", 1), ctx.get("max_tries", 1))


async def publish_post(ctx: JobCtx, publication_id: int) -> None:
    """One try of the publication; what the queue should retry is re-raised."""
    async with aiohttp.ClientSession(timeout=HTTP_TIMEOUT) as http:
        await publish_once(publish_deps(ctx, http), publication_id, job_try(ctx))


async def queue_publications(ctx: JobCtx, queue: JobQueue) -> int:
    """The scheduler's pass: due and lost publications are queued."""
    async with ctx["sessionmaker"]() as session:
        return await queue_due_publications(session, queue)
