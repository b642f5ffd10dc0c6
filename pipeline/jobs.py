"""The job registry: every job function with its limits, applied alike by both queues."""

import sys
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

import structlog
from arq import Retry

from db.enums import ProjectStatus
from db.queries import projects
from pipeline.context import JobCtx
from pipeline.errors import DomainError
from pipeline.notify import Notifier, StageProgress
from pipeline.produce import produce_short

log = structlog.get_logger(__name__)

# `async def verb_noun(ctx: JobCtx, *ids: int) -> None`: IDs in, never ORM objects or bytes.
JobFn = Callable[..., Awaitable[None]]
PRODUCE_SHORT = "produce_short"
RETRY_STEP_S = 10  # the n-th try is retried after n * 10 s


class _HeldFailures:
    """A Notifier that holds `failed` reports until the job knows it will not be retried."""

    def __init__(self, inner: Notifier) -> None:
        self.inner = inner
        self.held: list[tuple[int, str, Mapping[str, Any]]] = []
        self.transient: DomainError | None = None

    async def progress(self, update: StageProgress) -> None:
        await self.inner.progress(update)

    async def finished(self, project_id: int) -> None:
        await self.inner.finished(project_id)

    async def failed(self, project_id: int, key: str, params: Mapping[str, Any]) -> None:
        # produce_short reports from inside its `except DomainError` block, so the error being
        # handled here is the one reported, and it carries the `transient` flag.
        error = sys.exception()
        if isinstance(error, DomainError) and error.transient and error.key == key:
            self.transient = error
        self.held.append((project_id, key, params))

    async def release(self) -> None:
        for project_id, key, params in self.held:
            await self.inner.failed(project_id, key, params)
        self.held.clear()


@dataclass(frozen=True, slots=True)
class JobSpec:
    """A job function and the limits both queues apply (arq's `func(...)` settings)."""

    name: str
    coroutine: JobFn
    max_tries: int = 3
    timeout_s: float = 300.0
    keep_result_s: float = 3600.0  # the job ID is refused this long after the job ends
    # Puts the entity back in its waiting state before a deferred retry.
    before_retry: JobFn | None = None

    async def run(self, ctx: JobCtx, *ids: int) -> None:
        """One try. A transient DomainError becomes `Retry(defer=job_try * 10)` while tries
        remain; on the last try it is permanent and the job's own failure report goes out.
        """
        job_try = ctx.get("job_try", 1)
        notifier = _HeldFailures(ctx["notifier"])
        try:
            await self.coroutine({**ctx, "notifier": notifier}, *ids)
        except DomainError as error:
            if error.transient and job_try < self.max_tries:
                raise self._retry(job_try, ids, error) from error
            await notifier.release()
            raise
        if notifier.transient is not None and job_try < self.max_tries:
            if self.before_retry is not None:
                await self.before_retry(ctx, *ids)
            raise self._retry(job_try, ids, notifier.transient) from notifier.transient
        await notifier.release()

    def _retry(self, job_try: int, ids: tuple[int, ...], error: DomainError) -> Retry:
        log.warning("job.retry", job=self.name, ids=ids, job_try=job_try, key=error.key)
        return Retry(defer=job_try * RETRY_STEP_S)


async def requeue_project(ctx: JobCtx, project_id: int) -> None:
    """Show a project awaiting its retry as queued (not failed), so a restart resumes it."""
    async with ctx["sessionmaker"]() as session:
        project = await projects.get_project_for_job(session, project_id)
        if project is not None and project.status is ProjectStatus.FAILED:
            projects.set_project_state(project, ProjectStatus.QUEUED, stage=project.stage)
            await session.commit()


JOB_SPECS: Mapping[str, JobSpec] = {
    spec.name: spec
    for spec in (
        # produce_short catches its DomainErrors itself (marks the project failed, notifies);
        # run() holds that report when the error is transient and retries instead. The
        # timeout is a backstop above the render's own `RENDER__TIMEOUT_S` (900 s).
        JobSpec(
            PRODUCE_SHORT,
            produce_short,
            max_tries=3,
            timeout_s=1800.0,
            before_retry=requeue_project,
        ),
    )
}
