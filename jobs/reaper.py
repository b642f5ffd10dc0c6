"""Keeps every project moving, so none is stuck and nobody is left waiting.

At start (`resume_projects`): a project whose runner died with the last process is queued
again, unless it has used up its attempts (then it is failed: a project that kills the
process cannot crash-loop the bot). Then every `JOBS__REAPER_INTERVAL_S` (`reap_projects`):
a running project whose runner is lost (its process gone, or its lease lapsed) is handed to
the next worker the same way, its dead job reclaimed from the queue; a queued project with
no job gets one (or, when its job ended without it, is failed); a preview that did not reach
the person is sent again, until it has been sent once.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

import structlog

from core.enums import ProjectStatus
from core.errors import DomainError
from core.ports import JobQueue
from db.base import utcnow
from db.models import Project
from db.queries import leases, projects
from pipeline.context import JobCtx
from pipeline.failures import ProjectKeepsCrashing, ProjectStalled
from pipeline.lease import cutoff, holder_is_gone, runner_id
from pipeline.outcome import deliver_preview, fail_project
from services.plans import plan_of
from services.production import enqueue_short, project_job_id
from services.studio_resume import resume_studio_jobs

log = structlog.get_logger(__name__)


@dataclass
class Reaped:
    """What one pass did, by project ID."""

    queued: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    previews: list[int] = field(default_factory=list)


def _job_id(project: Project) -> str:
    return project_job_id(project.id, project.revision)


def _runner_lost(project: Project, since: datetime) -> bool:
    """The project's lease lapsed, or its holder's process is gone."""
    beat = project.heartbeat_at
    lapsed = project.lease_owner is None or beat is None or beat < since
    return lapsed or holder_is_gone(project.lease_owner)


async def _unfinished(ctx: JobCtx) -> Sequence[Project]:
    async with ctx["sessionmaker"]() as session:
        return await projects.list_unfinished_projects(session)


async def _fail(
    ctx: JobCtx, project: Project, error: DomainError, done: Reaped, now: datetime
) -> None:
    if await fail_project(ctx, project.id, error, holder=None, now=now):
        done.failed.append(project.id)


async def resume_projects(ctx: JobCtx, queue: JobQueue, *, now: datetime | None = None) -> Reaped:
    """Start-up: queue unfinished projects nobody runs; fail those out of attempts; send the
    previews that did not go out. The database work comes first, the enqueues last."""
    now = now or utcnow()
    since, terms, done = cutoff(ctx["settings"].jobs, now), ctx["settings"].jobs, Reaped()
    resumable: list[Project] = []
    for project in await _unfinished(ctx):
        running = project.status is ProjectStatus.RUNNING
        if running and not _runner_lost(project, since):
            continue  # a live runner has it
        if project.attempts >= terms.max_attempts:
            error = ProjectKeepsCrashing(project_id=project.id, attempts=project.attempts)
            await _fail(ctx, project, error, done, now)
        elif not running or await _requeue(ctx, project, since):
            resumable.append(project)
    done.previews = await deliver_previews(ctx, now=now)
    for project in resumable:
        if await _enqueue(ctx, queue, project, now):
            done.queued.append(project.id)
    log.info("reaper.resumed", queued=done.queued, failed=done.failed, previews=done.previews)
    return done


async def _enqueue(ctx: JobCtx, queue: JobQueue, project: Project, now: datetime) -> bool:
    """Queue the project's job with its owner's plan weight (a Pro user's resumed Shorts
    keep their turns)."""
    async with ctx["sessionmaker"]() as session:
        weight = (await plan_of(session, project.user_id, now=now)).priority
    return await enqueue_short(queue, project.id, project.revision, project.user_id, weight=weight)


async def _requeue(ctx: JobCtx, project: Project, since: datetime) -> bool:
    gone = project.lease_owner if holder_is_gone(project.lease_owner) else None
    async with ctx["sessionmaker"]() as session:
        requeued = await leases.requeue_lapsed(session, project, cutoff=since, gone_owner=gone)
        await session.commit()
    return requeued


async def _hand_over(
    ctx: JobCtx, queue: JobQueue, project: Project, done: Reaped, now: datetime
) -> None:
    """A lost runner's project: queued again for the next worker, which resumes it at its
    unfinished stage (its lease keeps the old runner, if alive, from touching it); failed
    once out of attempts."""
    if project.attempts >= ctx["settings"].jobs.max_attempts:
        error = ProjectKeepsCrashing(project_id=project.id, attempts=project.attempts)
        await _fail(ctx, project, error, done, now)
    elif await _requeue(ctx, project, cutoff(ctx["settings"].jobs, now)):
        await queue.reclaim(_job_id(project))  # the queue would wait out its dead runner
        await _enqueue(ctx, queue, project, now)
        done.queued.append(project.id)


async def reap_projects(ctx: JobCtx, queue: JobQueue, *, now: datetime | None = None) -> Reaped:
    """One periodic pass: hand lost runners' projects over, queue orphaned ones, resend
    previews."""
    now = now or utcnow()
    since, done = cutoff(ctx["settings"].jobs, now), Reaped()
    for project in await _unfinished(ctx):
        if project.status is ProjectStatus.RUNNING:
            if _runner_lost(project, since):
                await _hand_over(ctx, queue, project, done, now)
            continue
        if await _enqueue(ctx, queue, project, now):
            done.queued.append(project.id)
        elif not await queue.is_pending(_job_id(project)):  # its job ended and left it queued
            await _fail(ctx, project, ProjectStalled(project_id=project.id), done, now)
    done.previews = await deliver_previews(ctx, now=now)
    if done.queued or done.failed or done.previews:
        log.info("reaper.reaped", queued=done.queued, failed=done.failed, previews=done.previews)
    return done


async def deliver_previews(ctx: JobCtx, *, now: datetime) -> list[int]:
    """Send every finished Short's preview that has not reached its person (one at a time,
    each under the project's lease, so a preview is never sent by two processes)."""
    owner, since, sent = runner_id(ctx), cutoff(ctx["settings"].jobs, now), []
    async with ctx["sessionmaker"]() as session:
        pending = await leases.list_undelivered_previews(session)
    for project in pending:
        gone = project.lease_owner if holder_is_gone(project.lease_owner) else None
        async with ctx["sessionmaker"]() as session:
            claimed = await leases.claim_delivery(
                session, project.id, owner, now=now, cutoff=since, gone_owner=gone
            )
            await session.commit()
        if claimed and await deliver_preview(ctx, project.id, owner):
            sent.append(project.id)
    return sent


async def enqueue_unfinished(ctx: JobCtx, queue: JobQueue) -> list[int]:
    """Queue `produce_short` for every unfinished project nobody runs (`resume_projects`) and
    every pending studio job (`resume_studio_jobs`); return the projects newly queued.

    Job-ID dedup makes this safe at every start: a job still queued, running or kept is
    refused, so it never runs twice.
    """
    async with ctx["sessionmaker"]() as session:  # first: the projects' jobs may start at once
        await resume_studio_jobs(session, queue=queue)
    return (await resume_projects(ctx, queue)).queued
