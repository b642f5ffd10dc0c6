"""The `produce_short` job: runs the stages in order, resuming after any crash."""

import time
from collections.abc import Mapping

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from db.enums import STAGE_ORDER, ProjectStatus, StageName
from db.models import Project
from db.queries import projects, stages
from pipeline import captions, render, script, visuals, voice
from pipeline.context import JobCtx
from pipeline.errors import DomainError
from pipeline.notify import StageProgress
from pipeline.stage_runner import StageFn, is_done, run_stage

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
    """Make the Short for a project: every stage not done yet, then notify.

    Idempotent: a finished project is a no-op, and a rerun after a crash skips done stages.
    """
    async with ctx["sessionmaker"]() as session:
        project = await projects.get_project_for_job(session, project_id)
        if project is None or project.status in (ProjectStatus.DONE, ProjectStatus.CANCELLED):
            return
        structlog.contextvars.bind_contextvars(project_id=project_id, user_id=project.user_id)
        try:
            await _run_stages(ctx, session, project)
        except DomainError as error:
            if error.transient and ctx.get("job_try", 1) < ctx.get("max_tries", 1):
                await _wait_for_retry(session, project, error)
                raise  # the queue retries it after a delay
            await _fail(ctx, session, project, error)
            return
        finally:
            structlog.contextvars.unbind_contextvars("project_id", "user_id")
        projects.set_project_state(project, ProjectStatus.DONE, stage=None, progress=1.0)
        await session.commit()
    await ctx["notifier"].finished(project_id)


async def _run_stages(ctx: JobCtx, session: AsyncSession, project: Project) -> None:
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
            overall = shown = max(shown, overall_progress(stage, fraction))
            elapsed = time.monotonic() - started
            eta = elapsed * (1 - overall) / overall if overall > 0.05 else None  # noqa: PLR2004
            await ctx["notifier"].progress(
                StageProgress(project.id, stage, fraction, overall, eta)
            )

        await report(0.0)
        await run_stage(ctx, session, project, stage, fn=STAGE_FUNCTIONS[stage], report=report)
        project.progress = overall_progress(stage, 1.0)
        await session.commit()


async def _wait_for_retry(session: AsyncSession, project: Project, error: DomainError) -> None:
    await session.rollback()
    await session.refresh(project)
    log.warning("project.retry", project_id=project.id, error=str(error), key=error.key)
    projects.set_project_state(project, ProjectStatus.QUEUED, stage=project.stage)
    await session.commit()


async def _fail(ctx: JobCtx, session: AsyncSession, project: Project, error: DomainError) -> None:
    await session.rollback()
    await session.refresh(project)
    log.warning("project.failed", project_id=project.id, error=str(error), key=error.key)
    run = await stages.get_stage_run(session, project.id, project.stage) if project.stage else None
    if run is not None:
        stages.fail_stage(run, str(error))
    projects.set_project_state(
        project,
        ProjectStatus.FAILED,
        stage=project.stage,
        error_key=error.key,
        error=str(error),
    )
    await session.commit()
    await ctx["notifier"].failed(project.id, error.key, error.params)
