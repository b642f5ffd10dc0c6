"""The `produce_short` job: runs the stages in order, resuming after any crash."""

import asyncio
import time
from collections.abc import Mapping

import structlog
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession

from core.enums import STAGE_ORDER, ProjectStatus, StageName
from core.errors import DomainError
from core.ports import StageProgress
from db.models import Project
from db.queries import projects
from pipeline.context import JobCtx
from pipeline.failures import JobTimedOut, ProjectKeepsCrashing, as_domain_error
from pipeline.lease import Claim, LeaseLost, ProjectLease
from pipeline.outcome import deliver_preview, fail_project, shielded
from pipeline.stage_runner import StageFn, is_done, run_stage
from pipeline.stages import captions, render, script, visuals, voice
from pipeline.workspace import pull_project
from storage.sync import drop_local

log = structlog.get_logger(__name__)

STAGE_FUNCTIONS: Mapping[StageName, StageFn] = {
    StageName.SCRIPT: script.run,
    StageName.VOICE: voice.run,
    StageName.VISUALS: visuals.run,
    StageName.CAPTIONS: captions.run,
    StageName.RENDER: render.run,
}
# Rough share of wall time per stage, so one progress figure moves evenly.
STAGE_WEIGHTS: Mapping[StageName, float] = {
    StageName.SCRIPT: 0.02,
    StageName.VOICE: 0.05,
    StageName.VISUALS: 0.15,
    StageName.CAPTIONS: 0.01,
    StageName.RENDER: 0.77,
}


def overall_progress(stage: StageName, fraction: float) -> float:
    """The project's progress (0-1) when `stage` is `fraction` done."""
    before = sum(STAGE_WEIGHTS[s] for s in STAGE_ORDER[: STAGE_ORDER.index(stage)])
    return min(1.0, before + STAGE_WEIGHTS[stage] * max(0.0, min(1.0, fraction)))


async def produce_short(ctx: JobCtx, project_id: int) -> None:
    """Make the Short for a project: every stage not done yet, then the preview.

    Idempotent: a finished project is a no-op, a rerun after a crash skips done stages, and
    a project another runner holds (its lease is live) is left to it. Whatever goes wrong
    ends the project failed with a message, except a transient error with tries left
    (queued again and re-raised for the queue's retry) and a stop of the runner itself
    (queued again for the next start).
    """
    lease = ProjectLease(ctx, project_id)
    claim = await lease.claim()
    if claim is Claim.EXHAUSTED:
        attempts = ctx["settings"].jobs.max_attempts
        crashing = ProjectKeepsCrashing(project_id=project_id, attempts=attempts)
        await fail_project(ctx, project_id, crashing, holder=None)
        return
    if claim is not Claim.CLAIMED:
        log.info("project.not_claimed", project_id=project_id, claim=claim.value)
        return
    structlog.contextvars.bind_contextvars(project_id=project_id)
    try:
        await _produce(ctx, project_id, lease)
    except asyncio.CancelledError:
        try:
            await shielded(_stopped(ctx, project_id, lease))
        except SQLAlchemyError as db_error:  # the reaper ends it once its lease lapses
            log.error("project.not_set_aside", project_id=project_id, error=str(db_error))
        raise
    except LeaseLost:
        log.warning("project.lease_lost", project_id=project_id, runner=lease.owner)
    except Exception as exc:  # every failure ends the project with a message
        error = as_domain_error(exc)
        if not isinstance(exc, DomainError):
            log.error("project.unexpected_error", project_id=project_id, exc_info=exc)
        if error.transient and ctx.get("job_try", 1) < ctx.get("max_tries", 1):
            log.warning(
                "project.retry", project_id=project_id, error=str(error), failure=error.key
            )
            await shielded(lease.set_aside())
            if error is exc:
                raise  # the queue retries it
            raise error from exc
        await shielded(fail_project(ctx, project_id, error, holder=lease.owner))
    finally:
        structlog.contextvars.unbind_contextvars("project_id", "user_id")


async def _stopped(ctx: JobCtx, project_id: int, lease: ProjectLease) -> None:
    """Cancelled: past the job's deadline that is a timeout, else the runner is stopping."""
    deadline = ctx.get("deadline")
    if deadline is not None and asyncio.get_running_loop().time() >= deadline:
        await fail_project(ctx, project_id, JobTimedOut(), holder=lease.owner)
    else:
        await lease.set_aside()


async def _produce(ctx: JobCtx, project_id: int, lease: ProjectLease) -> None:
    storage, workdir = ctx["storage"], None
    try:
        async with ctx["sessionmaker"]() as session:
            project = await projects.get_project_for_job(session, project_id)
            if project is None:
                return
            structlog.contextvars.bind_contextvars(user_id=project.user_id)
            workdir = project.workdir
            await pull_project(storage, project)  # on S3: its files into this worker's folder
            storage.sweep_temp_files(storage.resolve(workdir))  # a dead runner's leftovers
            await _run_stages(ctx, session, project, lease)
            await lease.fence(session)
            projects.set_project_state(project, ProjectStatus.DONE, stage=None, progress=1.0)
            project.preview_sent_at = None
            await session.commit()
        await deliver_preview(ctx, project_id, lease.owner)
    finally:
        if workdir is not None:  # on S3 the store holds it all now; local disk keeps it
            drop_local(storage, workdir)


async def _run_stages(
    ctx: JobCtx, session: AsyncSession, project: Project, lease: ProjectLease
) -> None:
    started = time.monotonic()
    shown = 0.0  # progress never moves backwards on the user's screen
    for stage in STAGE_ORDER:
        if await is_done(ctx, session, project, stage):
            continue
        projects.set_project_state(
            project, ProjectStatus.RUNNING, stage=stage, progress=overall_progress(stage, 0.0)
        )

        async def report(fraction: float, stage: StageName = stage) -> None:
            nonlocal shown
            await lease.beat()
            overall = shown = max(shown, overall_progress(stage, fraction))
            elapsed = time.monotonic() - started
            eta = elapsed * (1 - overall) / overall if overall > 0.05 else None  # noqa: PLR2004
            await ctx["notifier"].progress(
                StageProgress(project.id, stage, fraction, overall, eta)
            )

        await report(0.0)
        fn = STAGE_FUNCTIONS[stage]
        await run_stage(ctx, session, project, stage, fn=fn, report=report, fence=lease.fence)
        project.progress = overall_progress(stage, 1.0)
        await session.commit()
