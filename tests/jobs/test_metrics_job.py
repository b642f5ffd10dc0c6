"""The metrics collection job through the real in-process queue: the periodic tick queues
one pass (never two at once), the pass reads the due posts from the emulators."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

from queue_support import RecordingNotifier
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.enums import Platform
from jobs.metrics_jobs import queue_metrics
from jobs.periodic import periodic_specs
from jobs.queue import LocalQueue
from jobs.runtime import build_job_ctx
from tests.services.metrics_rig import metrics_rig


async def test_the_tick_queues_one_pass_that_reads_the_due_posts(
    sessionmaker: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    two_hours_ago = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=2)
    async with metrics_rig(sessionmaker, tmp_path, start=two_hours_ago) as rig:
        creator = await rig.creator(830_001)
        video = await rig.publish(creator, Platform.YOUTUBE)
        reel = await rig.publish(creator, Platform.INSTAGRAM)
        rig.advance(hours=2)  # the platforms' clocks at the real time the job reads at
        ctx = build_job_ctx(rig.settings, sessionmaker, RecordingNotifier())
        queue = LocalQueue(ctx)
        try:
            assert await queue_metrics(ctx, queue)
            assert not await queue_metrics(ctx, queue)  # one pass at a time
            await queue.join()
            assert await queue_metrics(ctx, queue)  # no result kept: the next tick's pass
            await queue.join()
        finally:
            await queue.close()
        snapshots = [await rig.snapshots(pid) for pid in (video, reel)]
    assert [len(rows) for rows in snapshots] == [1, 1]  # the second pass found nothing due
    assert all((rows[0].views or 0) > 0 for rows in snapshots)
    assert rig.reads() == {Platform.YOUTUBE: 1, Platform.INSTAGRAM: 1}
    tick = {spec.name: spec for spec in periodic_specs(rig.settings.jobs)}["queue_metrics"]
    assert tick.every_s == rig.settings.jobs.metrics_interval_s
