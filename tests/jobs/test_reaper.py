"""The reaper on real PostgreSQL rows: lost runners' projects handed over (failed, and the
person told, once out of attempts), orphans queued, dead runners' projects resumed at start
unless out of attempts. The clock is
injected; leases of dead processes come from real (finished) child processes."""

import asyncio
import subprocess
import sys
from datetime import datetime, timedelta
from typing import Any

from queue_support import OWNER, FailingWriter, RecordingNotifier, queue_project, rows
from sqlalchemy import update

from core.enums import ProjectStatus, StageName, StageStatus
from db.base import utcnow
from db.models import Project
from jobs.periodic import periodic_specs
from jobs.queue import LocalQueue
from jobs.reaper import reap_projects, resume_projects
from jobs.registry import JobSpec
from pipeline.context import JobCtx, Providers
from pipeline.lease import new_runner_id
from pipeline.produce import produce_short
from services.production import PRODUCE_SHORT, project_job_id

LEASE_S = 600  # JOBS__LEASE_S's default


def dead_runner() -> str:
    """The runner ID of a process on this machine that has exited."""
    code = "from pipeline.lease import new_runner_id; print(new_runner_id())"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return done.stdout.strip()


async def set_row(ctx: JobCtx, project_id: int, **values: Any) -> None:
    async with ctx["sessionmaker"]() as session:
        await session.execute(update(Project).where(Project.id == project_id).values(**values))
        await session.commit()


async def running(ctx: JobCtx, *, owner: str | None, beat: datetime, attempts: int = 1) -> int:
    """A project a runner had claimed (as `ProjectLease.claim` leaves it)."""
    project_id = await queue_project(ctx)
    values = {"lease_owner": owner, "heartbeat_at": beat, "attempts": attempts}
    await set_row(ctx, project_id, status=ProjectStatus.RUNNING, stage=StageName.VOICE, **values)
    return project_id


def recording_queue(
    ctx: JobCtx, calls: list[int], gate: asyncio.Event | None = None
) -> LocalQueue:
    """A LocalQueue whose produce_short only records that it ran (after `gate`, if given)."""

    async def record(ctx: JobCtx, project_id: int) -> None:
        calls.append(project_id)
        if gate is not None:
            await gate.wait()

    return LocalQueue(ctx, specs={PRODUCE_SHORT: JobSpec(PRODUCE_SHORT, record)})


async def test_a_running_project_whose_heartbeat_stopped_is_handed_to_the_next_runner(
    job_ctx: JobCtx, notifier: RecordingNotifier
) -> None:
    beat = utcnow()
    stalled = await running(job_ctx, owner="far-host/0123456789ab/7/aa", beat=beat)
    fresh = await running(job_ctx, owner=new_runner_id(), beat=beat + timedelta(seconds=300))
    calls: list[int] = []
    queue = recording_queue(job_ctx, calls)

    early = await reap_projects(job_ctx, queue, now=beat + timedelta(seconds=LEASE_S - 1))
    assert early.queued == []
    late = await reap_projects(job_ctx, queue, now=beat + timedelta(seconds=LEASE_S + 1))
    await queue.join()

    assert (late.queued, late.failed, calls) == ([stalled], [], [stalled])
    project = (await rows(job_ctx, stalled)).project
    assert (project.status, project.lease_owner) == (ProjectStatus.QUEUED, None)
    assert project.stage is StageName.VOICE  # the next runner resumes there
    assert notifier.failures == []
    assert (await rows(job_ctx, fresh)).project.status is ProjectStatus.RUNNING
    await queue.close()


async def test_a_lost_runners_project_out_of_attempts_is_failed_and_the_person_told(
    job_ctx: JobCtx, notifier: RecordingNotifier
) -> None:
    limit = job_ctx["settings"].jobs.max_attempts
    project_id = await running(job_ctx, owner=dead_runner(), beat=utcnow(), attempts=limit)
    calls: list[int] = []

    reaped = await reap_projects(job_ctx, recording_queue(job_ctx, calls))

    assert (reaped.queued, reaped.failed, calls) == ([], [project_id], [])
    project = (await rows(job_ctx, project_id)).project
    assert (project.status, project.error_key) == (ProjectStatus.FAILED, "error-project-crashing")
    assert [(pid, key) for pid, key, _ in notifier.failures] == [
        (project_id, "error-project-crashing")
    ]


async def test_a_project_whose_runner_process_is_gone_is_handed_over_at_once(
    job_ctx: JobCtx,
) -> None:
    project_id = await running(job_ctx, owner=dead_runner(), beat=utcnow())
    calls: list[int] = []
    queue = recording_queue(job_ctx, calls)

    reaped = await reap_projects(job_ctx, queue)
    await queue.join()

    assert (reaped.queued, calls) == ([project_id], [project_id])
    await queue.close()


async def test_a_queued_project_with_no_job_is_queued_once(job_ctx: JobCtx) -> None:
    calls: list[int] = []
    gate = asyncio.Event()
    queue = recording_queue(job_ctx, calls, gate)
    project_id = await queue_project(job_ctx)  # committed, then the enqueue never happened

    first = await reap_projects(job_ctx, queue)
    second = await reap_projects(job_ctx, queue)  # its job is running now
    gate.set()
    await queue.join()

    assert (first.queued, second.queued, second.failed) == ([project_id], [], [])
    assert calls == [project_id]
    await queue.close()


async def test_a_queued_project_whose_job_ended_without_it_is_failed(
    job_ctx: JobCtx, notifier: RecordingNotifier
) -> None:
    calls: list[int] = []
    queue = recording_queue(job_ctx, calls)
    project_id = await queue_project(job_ctx)
    await queue.enqueue(
        PRODUCE_SHORT, project_id, job_id=project_job_id(project_id, 0), owner=OWNER
    )
    await queue.join()  # the job ran and left it queued: its ID is kept, a new one refused

    reaped = await reap_projects(job_ctx, queue)

    assert reaped.failed == [project_id]
    project = (await rows(job_ctx, project_id)).project
    assert (project.status, project.error_key) == (ProjectStatus.FAILED, "error-project-stalled")
    assert [key for _, key, _ in notifier.failures] == ["error-project-stalled"]


async def test_at_start_a_dead_runners_project_is_resumed_and_a_live_ones_left(
    job_ctx: JobCtx,
) -> None:
    calls: list[int] = []
    queue = recording_queue(job_ctx, calls)
    dead = await running(job_ctx, owner=dead_runner(), beat=utcnow(), attempts=2)
    lapsed = await running(
        job_ctx, owner="far-host/0123456789ab/7/aa", beat=utcnow() - timedelta(hours=1)
    )
    live = await running(job_ctx, owner=new_runner_id(), beat=utcnow())

    resumed = await resume_projects(job_ctx, queue)
    await queue.join()

    assert (sorted(resumed.queued), resumed.failed) == (sorted([dead, lapsed]), [])
    assert sorted(calls) == sorted([dead, lapsed])
    for project_id in (dead, lapsed):
        project = (await rows(job_ctx, project_id)).project
        assert (project.status, project.lease_owner) == (ProjectStatus.QUEUED, None)
    assert (await rows(job_ctx, dead)).project.attempts == 2  # counted when it runs again
    assert (await rows(job_ctx, live)).project.status is ProjectStatus.RUNNING
    await queue.close()


async def test_at_start_a_project_out_of_attempts_is_failed_not_resumed(
    job_ctx: JobCtx, notifier: RecordingNotifier
) -> None:
    calls: list[int] = []
    limit = job_ctx["settings"].jobs.max_attempts
    project_id = await running(job_ctx, owner=dead_runner(), beat=utcnow(), attempts=limit)

    resumed = await resume_projects(job_ctx, recording_queue(job_ctx, calls))

    assert (resumed.queued, resumed.failed, calls) == ([], [project_id], [])
    project = (await rows(job_ctx, project_id)).project
    assert (project.status, project.error_key) == (ProjectStatus.FAILED, "error-project-crashing")
    (failure,) = notifier.failures
    assert failure[:2] == (project_id, "error-project-crashing")
    assert failure[2]["attempts"] == limit


async def test_the_embedded_reaper_runs_until_the_queue_closes(job_ctx: JobCtx) -> None:
    calls: list[int] = []
    intervals: list[float] = []
    idle = asyncio.Event()

    async def tick(seconds: float) -> None:  # the injected sleep: the first one is instant
        intervals.append(seconds)
        if len(intervals) > 1:
            idle.set()
            await asyncio.Event().wait()  # asleep until the queue closes

    queue = recording_queue(job_ctx, calls)
    queue.sleep = tick
    project_id = await queue_project(job_ctx)

    specs = periodic_specs(job_ctx["settings"].jobs)
    queue.start_periodic([spec for spec in specs if spec.name == "reap_projects"])
    await asyncio.wait_for(idle.wait(), 10)  # one pass done, the reaper waits for the next
    await queue.close()

    assert calls == [project_id]
    assert intervals == [job_ctx["settings"].jobs.reaper_interval_s] * 2
    (reaper,) = queue.ticks
    assert reaper.done()


async def test_a_runner_that_lost_its_lease_stops_without_touching_the_project(
    job_ctx: JobCtx, notifier: RecordingNotifier
) -> None:
    writing, gate = asyncio.Event(), asyncio.Event()

    class SlowWriter(FailingWriter):
        async def write(self, request: Any) -> Any:
            writing.set()
            await gate.wait()
            return await self.inner.write(request)

    ctx: JobCtx = {**job_ctx, "providers": Providers(SlowWriter(None), job_ctx["providers"].synth)}
    project_id = await queue_project(job_ctx)
    job = asyncio.create_task(produce_short(ctx, project_id))
    await asyncio.wait_for(writing.wait(), 10)  # the script stage is under way

    # The runner hangs past its lease: the reaper hands the project to the next runner.
    later, calls = utcnow() + timedelta(seconds=LEASE_S + 1), []
    queue = recording_queue(job_ctx, calls)
    assert (await reap_projects(job_ctx, queue, now=later)).queued == [project_id]
    await queue.join()
    gate.set()
    await job  # its stage commit is fenced by the lease: it stops there

    found = await rows(job_ctx, project_id)
    assert (found.project.status, found.project.lease_owner) == (ProjectStatus.QUEUED, None)
    assert StageStatus.DONE not in [r.status for r in found.runs]  # the script never "done"
    assert calls == [project_id]  # the next runner got it
    assert (notifier.finished_ids, notifier.failures) == ([], [])
    await queue.close()
