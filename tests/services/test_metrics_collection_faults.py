"""What goes wrong on the platforms: an error skips that platform for one pass and never
loses a snapshot, "no data" stays distinct from 0, a deleted post is GONE and never asked
about again, revoked access stops the reads until the account is connected again, counts
the platform lowers are stored, and another user's rows are never touched."""

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
import structlog
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.enums import AccountStatus, MetricsState, Platform
from core.token_cipher import token_cipher
from db.models import SocialAccount
from db.queries import metric_collection
from publishers.youtube.oauth import SCOPES as YOUTUBE_SCOPES
from tests.emulators.youtube import YouTubeEmulator
from tests.services.metrics_rig import MetricsRig, metrics_rig

FAULTS: dict[str, Callable[[YouTubeEmulator], object]] = {
    "rate limited": lambda youtube: youtube.faults.rate_limited("videos", retry_after=30),
    "unavailable": lambda youtube: youtube.faults.server_error("videos", 503),
    "out of quota": lambda youtube: youtube.channel.exhaust_quota(),
}


@pytest.mark.parametrize("fault", FAULTS)
async def test_a_platform_error_skips_that_platform_for_one_pass_and_loses_nothing(
    sessionmaker: async_sessionmaker[AsyncSession], tmp_path: Path, fault: str
) -> None:
    async with metrics_rig(sessionmaker, tmp_path) as rig:
        ann, bob = await rig.creator(820_001), await rig.creator(820_002)
        videos = [
            await rig.publish(ann, Platform.YOUTUBE),
            await rig.publish(bob, Platform.YOUTUBE),
        ]
        reel = await rig.publish(ann, Platform.INSTAGRAM)
        rig.advance(hours=1)
        await rig.collect()
        rig.advance(hours=1)
        FAULTS[fault](rig.youtube)
        skipped = await rig.collect()
        held = [await rig.publication(pid) for pid in videos]
        kept = [len(await rig.snapshots(pid)) for pid in videos]
        rig.youtube.channel.quota_used.clear()  # the quota's new day
        rig.advance(minutes=10)
        resumed = await rig.collect()
        counts = [len(await rig.snapshots(pid)) for pid in [*videos, reel]]
    run = skipped.platforms[Platform.YOUTUBE]
    assert (run.requests, run.read) == (1, 0)  # Bob's account is not even asked
    assert run.stopped is not None
    assert run.stopped != "budget"
    assert skipped.platforms[Platform.INSTAGRAM].read == 1  # the others go on
    assert kept == [1, 1]
    assert all(
        p.metrics_due_at == p.published_at + timedelta(hours=2) for p in held if p.published_at
    )
    assert all(p.metrics_state is MetricsState.COLLECTING for p in held)
    assert resumed.platforms[Platform.YOUTUBE].read == 2
    assert counts == [2, 2, 2]


async def test_no_data_yet_is_not_zero(
    sessionmaker: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    async with metrics_rig(sessionmaker, tmp_path) as rig:
        creator = await rig.creator(820_003)
        lagging = await rig.publish(creator, Platform.INSTAGRAM)
        few = await rig.publish(creator, Platform.INSTAGRAM)
        zero = await rig.publish(creator, Platform.YOUTUBE)
        for pid in (lagging, few):
            media = (await rig.publication(pid)).post_id or ""
            rig.instagram.world.media[media].no_data = pid == lagging
            rig.instagram.world.media[media].not_enough_viewers = pid == few
        video = (await rig.publication(zero)).post_id or ""
        rig.youtube.channel.videos[video].stat_overrides = {
            "viewCount": "0", "likeCount": "0", "commentCount": "0",
        }  # fmt: skip
        rig.advance(hours=1)
        report = await rig.collect()
        nothing = [await rig.snapshots(pid) for pid in (lagging, few)]
        read = [await rig.publication(pid) for pid in (lagging, few)]
        empty = [await rig.project(p.project_id) for p in read]
        (zeros,) = await rig.snapshots(zero)
        counted = await rig.project(zeros.project_id)
    assert report.read == 3
    assert report.snapshots == 1
    assert nothing == [[], []]
    assert all(p.metrics_read_at == rig.now for p in read)  # asked, nothing to store
    assert all(p.metrics_due_at == rig.now + timedelta(hours=1) for p in read)
    assert [(p.total_views, p.engagement_rate, p.metrics_updated_at) for p in empty] == [
        (None, None, None), (None, None, None),
    ]  # fmt: skip
    assert (zeros.views, zeros.likes, zeros.comments, zeros.shares) == (0, 0, 0, None)
    assert (counted.total_views, counted.total_likes, counted.total_shares) == (0, 0, None)
    assert counted.engagement_rate is None  # no rate without views


async def test_a_deleted_post_is_gone_and_never_asked_about_again(
    sessionmaker: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    async with metrics_rig(sessionmaker, tmp_path) as rig:
        creator = await rig.creator(820_004)
        video = await rig.publish(creator, Platform.YOUTUBE)
        reel = await rig.publish(creator, Platform.INSTAGRAM)
        rig.advance(hours=1)
        await rig.collect()
        rig.youtube.channel.delete((await rig.publication(video)).post_id or "")
        rig.instagram.world.delete_media((await rig.publication(reel)).post_id or "")
        rig.advance(hours=1)
        report = await rig.collect()
        asked = dict(rig.reads())
        rig.advance(days=3)
        await rig.collect()
        gone = [await rig.publication(pid) for pid in (video, reel)]
        kept = [len(await rig.snapshots(pid)) for pid in (video, reel)]
    assert (
        report.platforms[Platform.YOUTUBE].gone == report.platforms[Platform.INSTAGRAM].gone == 1
    )
    assert [(p.metrics_state, p.metrics_due_at) for p in gone] == [(MetricsState.GONE, None)] * 2
    assert kept == [1, 1]  # what was read before stays
    assert rig.reads() == asked == {Platform.YOUTUBE: 2, Platform.INSTAGRAM: 2}


async def reconnect_youtube(rig: MetricsRig, account_id: int) -> None:
    """New tokens stored and the account ACTIVE, as the web app's callback leaves it, and
    what that callback does for the metrics (services.account_connect)."""
    google, cipher = rig.youtube.oauth, token_cipher(rig.settings.publishers)
    grant = google.issue_grant(" ".join(YOUTUBE_SCOPES))
    access, _ = google.access_token(grant)
    async with rig.sessionmaker() as session:
        account = await session.get(SocialAccount, account_id)
        assert account is not None
        account.access_token, account.refresh_token = (
            cipher.seal(access),
            cipher.seal(grant.refresh_token),
        )
        account.status = AccountStatus.ACTIVE
        await metric_collection.rearm_account_reads(
            session, account.user_id, account_id, now=rig.now
        )
        await session.commit()


async def test_revoked_access_stops_the_reads_until_the_account_is_connected_again(
    sessionmaker: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    async with metrics_rig(sessionmaker, tmp_path) as rig:
        ann, bob = await rig.creator(820_005), await rig.creator(820_006)
        videos = await rig.publish_many(ann, Platform.YOUTUBE, 2)
        reel = await rig.publish(ann, Platform.INSTAGRAM)
        rig.advance(minutes=30)
        later = await rig.publish(bob, Platform.YOUTUBE)  # Bob's is not due with Ann's
        rig.advance(minutes=30)
        rig.youtube.oauth.revoke_app()
        report = await rig.collect()
        revoked = [await rig.publication(pid) for pid in videos]
        bobs = await rig.publication(later)
        rig.advance(hours=2)
        await rig.collect()  # nothing asked for Ann's videos; Bob's fails on its own
        asked = len(rig.youtube.requests.to("videos"))
        await reconnect_youtube(rig, ann.accounts[Platform.YOUTUBE])
        rig.advance(minutes=10)
        again = await rig.collect()
        counts = [len(await rig.snapshots(pid)) for pid in [*videos, reel]]
    assert report.platforms[Platform.YOUTUBE].revoked_accounts == 1
    assert [p.metrics_state for p in revoked] == [MetricsState.REVOKED] * 2
    assert all(p.metrics_due_at is None for p in revoked)
    assert (bobs.metrics_state, bobs.metrics_read_at) == (MetricsState.COLLECTING, None)
    assert asked == 2  # Ann's one refused call, then Bob's own
    assert again.platforms[Platform.YOUTUBE].read == 2
    assert counts == [1, 1, 2]  # Instagram was read throughout


async def test_counts_the_platform_lowers_are_stored_and_logged(
    sessionmaker: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    async with metrics_rig(sessionmaker, tmp_path) as rig:
        creator = await rig.creator(820_007)
        video = await rig.publish(creator, Platform.YOUTUBE)
        rig.advance(hours=5)
        await rig.collect()
        rig.youtube.channel.metrics.correct(
            (await rig.publication(video)).post_id or "", views=-150
        )
        rig.advance(hours=1)
        with structlog.testing.capture_logs() as logs:
            await rig.collect()
        first, second = await rig.snapshots(video)
        project = await rig.project(first.project_id)
    assert first.views is not None
    assert second.views is not None
    assert second.views < first.views
    assert project.total_views == second.views  # the platform's word, as it is now
    [logged] = [log for log in logs if log["event"] == "metrics.count_went_down"]
    assert logged["counts"]["views"] == (first.views, second.views)


async def test_a_failure_keeps_what_the_pass_read_before_it(
    sessionmaker: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    async with metrics_rig(sessionmaker, tmp_path) as rig:
        ann, bob = await rig.creator(820_008), await rig.creator(820_009)
        anns = await rig.publish_many(ann, Platform.YOUTUBE, 60)  # two calls
        bobs = await rig.publish(bob, Platform.YOUTUBE)
        rig.advance(hours=1)
        rig.youtube.faults.server_error("videos", 503, at=2)  # Bob's call, after Ann's two
        report = await rig.collect()
        counts = [len(await rig.snapshots(pid)) for pid in [*anns, bobs]]
        held = await rig.publication(bobs)
    assert report.platforms[Platform.YOUTUBE].requests == 3
    assert counts == [1] * 60 + [0]
    assert held.metrics_due_at == rig.now  # due since this very moment: first next pass
