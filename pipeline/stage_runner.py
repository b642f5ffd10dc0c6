"""Runs one stage durably: skip when done, else run, then one commit of artifacts + marker."""

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from core.enums import ArtifactKind, StageName
from db.models import Project
from db.queries import artifacts, stages
from pipeline.context import JobCtx
from storage.disk import StoredFile
from storage.sync import delete_files, push_files

log = structlog.get_logger(__name__)

Report = Callable[[float], Awaitable[None]]
Fence = Callable[[AsyncSession], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class ArtifactOut:
    """A file a stage wrote, to be recorded with the stage marker."""

    kind: ArtifactKind
    file: StoredFile
    index: int = 0
    duration: float | None = None
    meta: dict[str, Any] = field(default_factory=dict)


class StageFn(Protocol):
    async def __call__(
        self, ctx: JobCtx, session: AsyncSession, project: Project, report: Report
    ) -> list[ArtifactOut]:
        """Produce the stage's files; may add rows to `session` but never commits (nor
        flushes: the runner writes them with the stage's commit)."""
        ...


async def is_done(ctx: JobCtx, session: AsyncSession, project: Project, stage: StageName) -> bool:
    """A stage is done when its marker exists at this revision and its files are intact."""
    if stage not in await stages.done_stages(session, project.id, project.revision):
        return False
    run = await stages.get_stage_run(session, project.id, stage)
    if run is None:
        return False
    files = await artifacts.list_artifacts_for_job(session, project.id)
    produced = [a for a in files if a.stage_run_id == run.id]
    storage = ctx["storage"]
    return bool(produced) and all(storage.is_intact(a.path, a.size_bytes) for a in produced)


async def run_stage(
    ctx: JobCtx,
    session: AsyncSession,
    project: Project,
    stage: StageName,
    *,
    fn: StageFn,
    report: Report,
    fence: Fence | None = None,
) -> None:
    """Run `fn` and commit its artifact rows and the stage marker together.

    `fence` runs before each commit, in its transaction (the job's lease check).
    """
    stale = await artifacts.delete_artifacts_for_stage(session, project.id, stage)
    run = await stages.start_stage(session, project, stage)
    if fence is not None:
        await fence(session)
    await session.commit()
    started = time.perf_counter()
    # SQLite holds its write lock from a transaction's first write to its commit, and the
    # bot's conversations write to the same file: the stage's rows (its usage included) wait
    # in the session for the one commit below, so drawing, transcribing or a progress edit
    # never runs with the lock held.
    with session.no_autoflush:
        outputs = await fn(ctx, session, project, report)
    for out in outputs:
        await artifacts.put_artifact(
            session,
            run,
            out.kind,
            out.file.relpath,
            sha256=out.file.sha256,
            size_bytes=out.file.size_bytes,
            index=out.index,
            duration=out.duration,
            meta=out.meta,
        )
    # In the store before the rows that name them are committed (a no-op on local disk).
    await push_files(ctx["storage"], [out.file.relpath for out in outputs])
    seconds = time.perf_counter() - started
    stages.finish_stage(run, seconds)
    if fence is not None:
        await fence(session)
    await session.commit()
    await delete_files(ctx["storage"], set(stale) - {out.file.relpath for out in outputs})
    log.info("stage.done", project_id=project.id, stage=stage.value, seconds=round(seconds, 3))
