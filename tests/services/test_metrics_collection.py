"""The metrics collection pass against the YouTube and Instagram emulators on a simulated
clock: snapshots at the cadence, the readers' batches, the budgets, the cached sums."""

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.enums import MetricsState, Platform
from tests.emulators.post_metrics import post_counts
from tests.services.metrics_rig import metrics_rig

HOUR_S = 3600
# Hours after publication when a pass runs, and whether it finds the post due.
PASSES = [
    (0.5, False), (1, True), (1.5, False), (2.2, True), (23.5, True), (24.5, True),
    (47, False), (48.5, True), (31 * 24, True), (34 * 24, False), (35 * 24, True),
]  # fmt: skip


async def test_snapshots_appear_hourly_then_daily_then_weekly(
    sessionmaker: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    async with metrics_rig(sessionmaker, tmp_path) as rig:
        creator = await rig.creator(800_001)
        video = await rig.publish(creator, Platform.YOUTUBE)
        reel = await rig.publish(  # the same Short on Instagram
            creator, Platform.INSTAGRAM, (await rig.publication(video)).project_id
        )
        published_at = rig.now
        for hours, due in PASSES:
            rig.advance(seconds=(published_at + timedelta(hours=hours) - rig.now).total_seconds())
            report = await rig.collect()
            assert report.read == (2 if due else 0), hours
            assert report.platforms[Platform.YOUTUBE].requests == (1 if due else 0)
        snapshots = await rig.snapshots(video)
        reels = await rig.snapshots(reel)
        row = await rig.publication(video)
        project = await rig.project(row.project_id)
        assert rig.reads() == {Platform.YOUTUBE: 7, Platform.INSTAGRAM: 7}
    ages = [(s.taken_at - published_at).total_seconds() / HOUR_S for s in snapshots]
    assert ages == [hours for hours, due in PASSES if due]
    assert len(reels) == len(snapshots)
    assert row.post_id is not None
    for snapshot, age_h in zip(snapshots, ages, strict=True):
        expected = post_counts(row.post_id, age_h * HOUR_S)
        assert (snapshot.views, snapshot.likes, snapshot.comments) == (
            expected["views"], expected["likes"], expected["comments"],
        )  # fmt: skip
        assert (snapshot.shares, snapshot.saves) == (None, None)  # YouTube's Data API has none
    views = [s.views or 0 for s in snapshots]
    assert views == sorted(views)
    assert views[0] < views[-1]
    assert (row.metrics_state, row.metrics_read_at) == (MetricsState.COLLECTING, rig.now)
    assert row.metrics_due_at == published_at + timedelta(days=42)
    last, last_reel = snapshots[-1], reels[-1]
    assert project.total_views == (last.views or 0) + (last_reel.views or 0)
    assert project.total_shares == last_reel.shares  # YouTube gave none: not counted as 0
    engaged = sum((s.likes or 0) + (s.comments or 0) + (s.shares or 0) for s in (last, last_reel))
    assert project.engagement_rate == pytest.approx(engaged / project.total_views)
    assert project.metrics_updated_at == rig.now
