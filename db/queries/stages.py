"""Stage markers: one StageRun row per (project, stage); status "done" means the stage is done.

Only jobs use these, and jobs receive only IDs, so nothing here takes `user_id`.
"""

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.enums import StageName, StageStatus, stages_from
from db.base import utcnow
from db.models import Artifact, Project, StageRun


async def get_stage_run(
    session: AsyncSession, project_id: int, stage: StageName
) -> StageRun | None:
    """Return the project's run of `stage`, or None if it never started (or was reset)."""
    return await session.scalar(
        select(StageRun).where(StageRun.project_id == project_id, StageRun.stage == stage)
    )


async def start_stage(
    session: AsyncSession, project: Project, stage: StageName, *, now: datetime | None = None
) -> StageRun:
    """Mark `stage` running at the project's current revision (a new row, or the old one reset)."""
    run = await get_stage_run(session, project.id, stage)
    if run is None:
        run = StageRun(project_id=project.id, stage=stage)
        session.add(run)
    run.revision = project.revision
    run.status = StageStatus.RUNNING
    run.started_at = now or utcnow()
    run.finished_at = None
    run.seconds = None
    run.error = None
    await session.flush()
    return run


def finish_stage(run: StageRun, seconds: float, *, now: datetime | None = None) -> None:
    """Mark the run done: this is the stage marker, committed with the stage's artifact rows."""
    run.status = StageStatus.DONE
    run.finished_at = now or utcnow()
    run.seconds = seconds
    run.error = None


def fail_stage(run: StageRun, error: str, *, now: datetime | None = None) -> None:
    """Mark the run failed with a message for the logs and the admin."""
    run.status = StageStatus.FAILED
    run.finished_at = now or utcnow()
    run.error = error


async def done_stages(session: AsyncSession, project_id: int, revision: int) -> set[StageName]:
    """Return the stages done at `revision` or before.

    A redo bumps the project's revision and resets the redone stage and the later ones, so the
    earlier stages stay done; a stage finished by a newer revision is not done for an older job.
    """
    statement = select(StageRun.stage).where(
        StageRun.project_id == project_id,
        StageRun.status == StageStatus.DONE,
        StageRun.revision <= revision,
    )
    return set((await session.scalars(statement)).all())


async def reset_stages_from(session: AsyncSession, project_id: int, stage: StageName) -> list[str]:
    """Delete the markers of `stage` and every later stage, with their artifact rows (for a redo).

    Returns the artifact paths (relative to the storage root) whose rows were deleted, so the
    caller can remove the files after committing.
    """
    runs = select(StageRun.id).where(
        StageRun.project_id == project_id, StageRun.stage.in_(stages_from(stage))
    )
    paths = (
        await session.scalars(select(Artifact.path).where(Artifact.stage_run_id.in_(runs)))
    ).all()
    # Artifacts first and explicitly, so the session forgets them too (not only the database's
    # ON DELETE CASCADE).
    await session.execute(delete(Artifact).where(Artifact.stage_run_id.in_(runs)))
    await session.execute(delete(StageRun).where(StageRun.id.in_(runs)))
    return list(paths)


async def reset_stage(session: AsyncSession, project_id: int, stage: StageName) -> None:
    """Delete one stage's marker and artifact rows, keeping the later stages' (a redo whose
    change the later stages do not read: new thumbnails leave the video as it is)."""
    runs = select(StageRun.id).where(StageRun.project_id == project_id, StageRun.stage == stage)
    await session.execute(delete(Artifact).where(Artifact.stage_run_id.in_(runs)))
    await session.execute(delete(StageRun).where(StageRun.id.in_(runs)))
