"""A pass stays within each platform's batches and budget: YouTube's share of the day's
units per pass in `videos.list` calls of up to 50 IDs, Instagram's requests per pass, the
publications per pass; what is left waits for the next pass, most overdue first."""

from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.enums import Platform
from tests.services.metrics_rig import metrics_rig

PASSES_A_DAY = 144  # JOBS__METRICS_INTERVAL_S=600


async def test_batches_and_budgets_hold_and_the_rest_waits_its_turn(
    sessionmaker: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    async with metrics_rig(sessionmaker, tmp_path) as rig:
        creator = await rig.creator(810_001)
        videos = await rig.publish_many(creator, Platform.YOUTUBE, 120)
        reels = await rig.publish_many(creator, Platform.INSTAGRAM, 5)
        rig.advance(hours=1)
        budgets = {"youtube_daily_units": 2 * PASSES_A_DAY + 5, "instagram_requests_per_run": 3}
        first = await rig.collect(**budgets)
        youtube, instagram = first.platforms[Platform.YOUTUBE], first.platforms[Platform.INSTAGRAM]
        assert (youtube.requests, youtube.read, youtube.stopped) == (2, 100, "budget")
        assert (instagram.requests, instagram.read, instagram.batch_size) == (3, 3, 1)
        rig.advance(minutes=10)
        second = await rig.collect(**budgets)
        assert second.platforms[Platform.YOUTUBE].read == 20  # the ones left, before any other
        assert second.platforms[Platform.INSTAGRAM].read == 2
        assert second.platforms[Platform.YOUTUBE].stopped is None
        sent = [len((r.param("id") or "").split(",")) for r in rig.youtube.requests.to("videos")]
        units = sum(rig.youtube.channel.quota_used.values())
        counts = [len(await rig.snapshots(pid)) for pid in videos + reels]
        rig.advance(minutes=10)
        limited = await rig.collect(reads_per_run=30)  # the hour-2 reads are not due yet
        assert limited.read == 0
        rig.advance(hours=1)
        limited = await rig.collect(reads_per_run=30)
    assert sent == [50, 50, 20]
    assert units == 3  # one unit a call
    assert counts == [1] * 125
    assert rig.instagram.requests.count("insights") == 5 + 5  # hour 1 in two passes, hour 2
    assert limited.platforms[Platform.YOUTUBE].read == 30
    assert limited.platforms[Platform.YOUTUBE].requests == 1


async def test_a_user_with_no_publications_costs_nothing(
    sessionmaker: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    async with metrics_rig(sessionmaker, tmp_path) as rig:
        await rig.creator(810_002)
        rig.advance(hours=5)
        report = await rig.collect()
    assert (report.read, report.snapshots) == (0, 0)
    assert rig.reads() == {Platform.YOUTUBE: 0, Platform.INSTAGRAM: 0}
