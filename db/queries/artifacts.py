"""Artifact rows: which file a stage produced, one row per (project, kind, index)."""

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.enums import ArtifactKind, StageName
from db.models import Artifact, Project, StageRun


async def put_artifact(
    session: AsyncSession,
    run: StageRun,
    kind: ArtifactKind,
    path: str,
    *,
    sha256: str,
    size_bytes: int,
    index: int = 0,
    duration: float | None = None,
    meta: dict[str, Any] | None = None,
) -> Artifact:
    """Record the file `run` produced, replacing the row with the same (project, kind, index).

    `path` is relative to the storage root; `index` is the scene number for scene images.
    """
    fields: dict[str, Any] = {
        "stage_run_id": run.id,
        "path": path,
        "sha256": sha256,
        "size_bytes": size_bytes,
        "duration": duration,
        "meta": dict(meta or {}),
    }
    artifact = await get_artifact_for_job(session, run.project_id, kind, index)
    if artifact is None:
        artifact = Artifact(project_id=run.project_id, kind=kind, index=index, **fields)
        session.add(artifact)
    else:
        for name, value in fields.items():
            setattr(artifact, name, value)
    await session.flush()
    return artifact


async def get_artifact_for_job(
    session: AsyncSession, project_id: int, kind: ArtifactKind, index: int = 0
) -> Artifact | None:
    """Return the project's artifact of this kind and index, whoever owns it: for jobs."""
    return await session.scalar(
        select(Artifact).where(
            Artifact.project_id == project_id, Artifact.kind == kind, Artifact.index == index
        )
    )


def _artifacts(project_id: int, kind: ArtifactKind | None) -> Select[Artifact]:
    statement = select(Artifact).where(Artifact.project_id == project_id)
    if kind is not None:
        statement = statement.where(Artifact.kind == kind)
    return statement.order_by(Artifact.kind, Artifact.index)


async def list_artifacts(
    session: AsyncSession, project_id: int, user_id: int, *, kind: ArtifactKind | None = None
) -> Sequence[Artifact]:
    """Return the artifacts of the user's project (of one kind if given), by kind and index."""
    statement = _artifacts(project_id, kind).join(Project).where(Project.user_id == user_id)
    return (await session.scalars(statement)).all()


async def list_artifacts_for_job(
    session: AsyncSession, project_id: int, *, kind: ArtifactKind | None = None
) -> Sequence[Artifact]:
    """Return the project's artifacts (of one kind if given), whoever owns it: for jobs."""
    return (await session.scalars(_artifacts(project_id, kind))).all()


async def delete_artifacts_for_stage(
    session: AsyncSession, project_id: int, stage: StageName
) -> list[str]:
    """Delete the artifact rows the project's run of `stage` produced; return their paths.

    The files stay: the caller removes them after committing.
    """
    run_ids = select(StageRun.id).where(StageRun.project_id == project_id, StageRun.stage == stage)
    where = Artifact.stage_run_id.in_(run_ids)
    paths = (await session.scalars(select(Artifact.path).where(where))).all()
    await session.execute(delete(Artifact).where(where))
    return list(paths)
