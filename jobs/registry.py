"""The job registry: every job function with its queue and limits, applied alike by both
queue implementations."""

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum

import structlog
from arq import Retry

from core.errors import DomainError
from core.provider_errors import ProviderRateLimited
from jobs.metrics_jobs import collect_metrics
from jobs.publish_jobs import publish_post
from jobs.studio_jobs import create_voice, make_variations
from jobs.webhook_jobs import deliver_webhook
from pipeline.context import JobCtx
from pipeline.produce import produce_short
from services.metrics_collection import COLLECT_METRICS
from services.production import PRODUCE_SHORT
from services.publishing import PUBLISH_POST
from services.variation_jobs import MAKE_VARIATIONS
from services.voice_jobs import CREATE_VOICE
from services.webhooks import DELIVER_WEBHOOK

log = structlog.get_logger(__name__)

# `async def verb_noun(ctx: JobCtx, *ids: int) -> None`: IDs in, never ORM objects or bytes.
JobFn = Callable[..., Awaitable[None]]
RETRY_STEP_S = 10  # the n-th try is retried after n * 10 s
MAX_RETRY_AFTER_S = 300.0
# After its own timeout a job still ends its project (a commit, a message); the queue's
# timeout, a backstop, comes this much later.
CLEANUP_S = 60.0
CANCEL_TIMEOUT_S = 30.0  # a cancelled job stops at its next await: ffmpeg and workers are killed


class QueueName(StrEnum):
    """Which slots a job takes: a publish or a clone never waits behind renders."""

    RENDER = "render"  # CPU-bound: `JOBS__RENDER_CONCURRENCY` at once per process
    IO = "io"  # uploads and provider calls, mostly waiting: `JOBS__IO_CONCURRENCY` at once


@dataclass(frozen=True, slots=True)
class JobSpec:
    """A job function, its queue and the limits both queues apply (arq's `func(...)`)."""

    name: str
    coroutine: JobFn
    queue: QueueName = QueueName.RENDER
    max_tries: int = 3
    timeout_s: float = 300.0
    keep_result_s: float = 3600.0  # the job ID is refused this long after the job ends

    @property
    def backstop_s(self) -> float:
        """The queue's own timeout for one try: the job's, plus time to clean up."""
        return self.timeout_s + CLEANUP_S

    async def run(self, ctx: JobCtx, *ids: int) -> None:
        """One try. A transient DomainError becomes `Retry(defer=retry_delay_s(...))` while tries
        remain (a job that handles its own errors, like produce_short, re-raises a transient
        one only then: it reads `max_tries` from the ctx); otherwise it propagates.

        After `timeout_s` the job is cancelled and TimeoutError raised; the job sees the
        cancellation at or after `ctx["deadline"]` (loop time), so it can tell its own
        timeout from a stopping worker.
        """
        job_try = ctx.get("job_try", 1)
        deadline = asyncio.get_running_loop().time() + self.timeout_s
        try:
            async with asyncio.timeout_at(deadline):
                await self.coroutine(
                    {**ctx, "max_tries": self.max_tries, "deadline": deadline}, *ids
                )
        except TimeoutError:
            log.warning("job.timeout", job=self.name, ids=ids, job_try=job_try)
            raise
        except DomainError as error:
            if error.transient and job_try < self.max_tries:
                log.warning("job.retry", job=self.name, ids=ids, job_try=job_try, key=error.key)
                raise Retry(defer=retry_delay_s(error, job_try)) from error
            raise


def retry_delay_s(error: DomainError, job_try: int) -> float:
    """`job_try * 10` s, or longer when a rate-limited provider said how long to wait (capped:
    a provider asking for an hour is better answered by a failed try the reaper can see)."""
    asked = error.retry_after_s if isinstance(error, ProviderRateLimited) else None
    return max(job_try * RETRY_STEP_S, min(asked or 0.0, MAX_RETRY_AFTER_S))


JOB_SPECS: Mapping[str, JobSpec] = {
    spec.name: spec
    for spec in (
        # The timeout is a backstop above the render's own `RENDER__TIMEOUT_S` (900 s).
        JobSpec(PRODUCE_SHORT, produce_short, max_tries=3, timeout_s=1800.0),
        # On `io`: with fal it waits on the provider (up to 180 s a picture); offline poses
        # run in the process pool, so the io slot only waits for them too.
        JobSpec(
            MAKE_VARIATIONS, make_variations, queue=QueueName.IO, max_tries=2, timeout_s=1500.0
        ),
        # On `io` too: a clone is an upload; the offline match's few seconds of CPU run in
        # espeak-ng subprocesses and threads (the loop stays free), and a person waiting for
        # their voice should not queue behind renders of minutes each.
        JobSpec(CREATE_VOICE, create_voice, queue=QueueName.IO, max_tries=2, timeout_s=300.0),
        # A try resumes from the publication's ledger; the queue's retries never wrap the
        # commit call blindly (publishers.runner). No result is kept, so the scheduler can
        # queue the same publication again as soon as a try ends.
        JobSpec(
            PUBLISH_POST,
            publish_post,
            queue=QueueName.IO,
            max_tries=5,
            timeout_s=1800.0,
            keep_result_s=0.0,
        ),
        # The job counts attempts on the delivery row (`API__WEBHOOK_ATTEMPTS`, at most 20)
        # and stops retrying itself: the queue's limit only has to stay above it.
        JobSpec(
            DELIVER_WEBHOOK,
            deliver_webhook,
            queue=QueueName.IO,
            max_tries=21,
            timeout_s=120.0,
            keep_result_s=0.0,
        ),
        # One pass reads every due post within the platforms' budgets; a failed pass is not
        # retried (the next tick is the retry) and no result is kept, so the next tick can
        # queue the next pass as soon as this one ends.
        JobSpec(
            COLLECT_METRICS,
            collect_metrics,
            queue=QueueName.IO,
            max_tries=1,
            timeout_s=1800.0,
            keep_result_s=0.0,
        ),
    )
}


def queue_of(name: str, specs: Mapping[str, JobSpec] = JOB_SPECS) -> QueueName:
    """The queue job `name` runs on; a name outside `specs` (a test's own job) on `render`."""
    spec = specs.get(name)
    return QueueName.RENDER if spec is None else spec.queue
