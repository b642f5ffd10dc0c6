"""LocalQueue on real PostgreSQL, real espeak and real ffmpeg (tiny frames)."""

import asyncio

import pytest
from queue_support import (
    OWNER,
    FlakyWriter,
    ProviderBusy,
    RecordingNotifier,
    VirtualTime,
    queue_project,
    rows,
    with_writer,
)

from core.enums import STAGE_ORDER, ProjectStatus, StageName
from core.errors import DomainError, InvalidInput
from jobs.queue import LocalQueue
from jobs.registry import JobSpec
from pipeline.context import JobCtx
from services.production import PRODUCE_SHORT, enqueue_short, project_job_id


@pytest.mark.render
@pytest.mark.timeout(180)
async def test_a_double_click_makes_one_short(
    job_ctx: JobCtx, notifier: RecordingNotifier
) -> None:
    time = VirtualTime()
    queue = LocalQueue(job_ctx, clock=time.clock)
    project_id = await queue_project(job_ctx)
    job_id = project_job_id(project_id, 0)

    assert await queue.enqueue(PRODUCE_SHORT, project_id, job_id=job_id, owner=OWNER)
    assert not await queue.enqueue(PRODUCE_SHORT, project_id, job_id=job_id, owner=OWNER)
    await queue.join()

    found = await rows(job_ctx, project_id)
    assert found.project.status is ProjectStatus.DONE
    assert set(found.done_started()) == set(STAGE_ORDER)
    assert len(found.videos()) == 1
    assert notifier.finished_ids == [project_id]
    assert (queue.jobs_complete, queue.jobs_failed) == (1, 0)
    assert not await queue.enqueue(
        PRODUCE_SHORT, project_id, job_id=job_id, owner=OWNER
    )  # result kept
    time.now += 3601
    assert await queue.enqueue(PRODUCE_SHORT, project_id, job_id=job_id, owner=OWNER)
    await queue.join()
    assert notifier.finished_ids == [project_id]  # a finished project's rerun is a no-op
    await queue.close()


@pytest.mark.render
@pytest.mark.timeout(180)
async def test_a_busy_provider_is_retried_and_the_short_arrives(
    job_ctx: JobCtx, notifier: RecordingNotifier
) -> None:
    time, writer = VirtualTime(), FlakyWriter(failures=1)
    queue = LocalQueue(with_writer(job_ctx, writer), sleep=time.sleep)
    project_id = await queue_project(job_ctx)

    await queue.enqueue(
        PRODUCE_SHORT, project_id, job_id=project_job_id(project_id, 0), owner=OWNER
    )
    await queue.join()

    assert (writer.calls, time.slept) == (2, [10.0])
    assert (queue.jobs_retried, queue.jobs_complete) == (1, 1)
    assert (await rows(job_ctx, project_id)).project.status is ProjectStatus.DONE
    assert notifier.failures == []  # the failure that was retried is never reported
    assert notifier.finished_ids == [project_id]


async def test_a_provider_busy_past_max_tries_fails_the_project_once(
    job_ctx: JobCtx, notifier: RecordingNotifier
) -> None:
    time, writer = VirtualTime(), FlakyWriter(failures=99)
    project_id = await queue_project(job_ctx)
    waiting: list[ProjectStatus] = []

    async def sleep(seconds: float) -> None:  # during a defer no job uses the connection
        waiting.append((await rows(job_ctx, project_id)).project.status)
        await time.sleep(seconds)

    queue = LocalQueue(with_writer(job_ctx, writer), sleep=sleep)
    await queue.enqueue(
        PRODUCE_SHORT, project_id, job_id=project_job_id(project_id, 0), owner=OWNER
    )
    await queue.join()

    assert (writer.calls, time.slept) == (3, [10.0, 20.0])
    assert waiting == [ProjectStatus.QUEUED] * 2  # a restart now would resume it
    project = (await rows(job_ctx, project_id)).project
    assert (project.status, project.stage) == (ProjectStatus.FAILED, StageName.SCRIPT)
    assert project.error_key == ProviderBusy.key
    assert [(pid, key) for pid, key, _ in notifier.failures] == [(project_id, ProviderBusy.key)]
    assert notifier.finished_ids == []


@pytest.mark.parametrize(
    ("error", "failures", "expected"),  # expected: tries, defers, jobs complete
    [
        (ProviderBusy(status=502), 1, ([1, 2], [10.0], 1)),
        (ProviderBusy(status=429), 99, ([1, 2, 3], [10.0, 20.0], 0)),
        (InvalidInput(what="topic", reason="empty"), 99, ([1], [], 0)),
    ],
    ids=["transient-once", "transient-always", "permanent"],
)
async def test_a_raised_error_is_retried_only_while_transient_and_tries_remain(
    job_ctx: JobCtx,
    error: DomainError,
    failures: int,
    expected: tuple[list[int], list[float], int],
) -> None:
    attempts: list[int] = []

    async def flaky(ctx: JobCtx, item_id: int) -> None:
        attempts.append(ctx.get("job_try", 0))
        if len(attempts) <= failures:
            raise error

    time = VirtualTime()
    specs = {"flaky": JobSpec("flaky", flaky, max_tries=3)}
    queue = LocalQueue(job_ctx, specs=specs, sleep=time.sleep)

    await queue.enqueue("flaky", 7, job_id="flaky:7", owner=OWNER)
    await queue.join()

    tries, slept, complete = expected
    assert (attempts, time.slept) == (tries, slept)
    assert (queue.jobs_complete, queue.jobs_failed) == (complete, 1 - complete)


async def test_no_more_jobs_run_at_once_than_the_limit(job_ctx: JobCtx) -> None:
    running, peak = 0, 0
    two_running, gate = asyncio.Event(), asyncio.Event()

    async def hold(ctx: JobCtx, item_id: int) -> None:
        nonlocal running, peak
        running += 1
        peak = max(peak, running)
        if running == 2:
            two_running.set()
        await gate.wait()
        running -= 1

    queue = LocalQueue(job_ctx, specs={"hold": JobSpec("hold", hold)}, concurrency=2)
    for item_id in range(5):
        assert await queue.enqueue("hold", item_id, job_id=f"hold:{item_id}", owner=OWNER)
    # Every task got a turn before this wakes up; without the limit all 5 would be in.
    await asyncio.wait_for(two_running.wait(), 5)
    assert (running, peak) == (2, 2)
    gate.set()
    await queue.join()

    assert (peak, queue.jobs_complete) == (2, 5)


async def test_a_job_over_its_timeout_fails(job_ctx: JobCtx) -> None:
    async def hang(ctx: JobCtx, item_id: int) -> None:
        await asyncio.Event().wait()

    queue = LocalQueue(job_ctx, specs={"hang": JobSpec("hang", hang, timeout_s=0.05)})

    await queue.enqueue("hang", 1, job_id="hang:1", owner=OWNER)
    await queue.join()

    assert (queue.jobs_failed, queue.jobs_complete) == (1, 0)


@pytest.mark.render
@pytest.mark.timeout(180)
async def test_close_mid_render_then_resume_finishes_the_short_once(
    job_ctx: JobCtx, notifier: RecordingNotifier
) -> None:
    project_id = await queue_project(job_ctx)
    first = LocalQueue(job_ctx)
    await first.enqueue(
        PRODUCE_SHORT, project_id, job_id=project_job_id(project_id, 0), owner=OWNER
    )
    await asyncio.wait_for(notifier.rendering.wait(), 90)

    await first.close()

    killed = await rows(job_ctx, project_id)
    # A stopped runner queues its project again and hands its lease back.
    assert (killed.project.status, killed.project.lease_owner) == (ProjectStatus.QUEUED, None)
    assert killed.project.stage is StageName.RENDER
    assert set(killed.done_started()) == set(STAGE_ORDER) - {StageName.RENDER}
    assert killed.videos() == []
    with pytest.raises(RuntimeError, match="closed"):
        await first.enqueue(PRODUCE_SHORT, project_id, job_id="another", owner=OWNER)

    second = LocalQueue(job_ctx)
    assert await second.resume_unfinished() == [project_id]
    # A second start-up pass (or a double click) now is refused by the job ID. (Not through
    # resume_unfinished here: the test's one connection must not be shared with a running job.)
    assert not await enqueue_short(second, project_id, revision=0, owner=OWNER)
    await second.join()

    done = await rows(job_ctx, project_id)
    assert done.project.status is ProjectStatus.DONE
    assert {s: t for s, t in done.done_started().items() if s in killed.done_started()} == (
        killed.done_started()
    )
    assert len(done.videos()) == 1
    assert notifier.finished_ids == [project_id]
    assert await second.resume_unfinished() == []
    await second.close()
