"""The Instagram metrics reader against the Instagram emulator: `/{media-id}/insights`."""

from datetime import timedelta
from pathlib import Path

import pytest

from core.provider_errors import ProviderRateLimited, ProviderUnavailable
from publishers.errors import ReconnectRequired
from publishers.instagram.metrics import InstagramMetricsReader
from publishers.metrics import POST_GONE, PostMetrics
from tests.emulators.instagram import USER_ID
from tests.emulators.post_metrics import post_counts
from tests.publishers.instagram_kit import Kit, instagram, no_sleep
from tests.publishers.metrics_answers import metrics_of, views_of


def reader(kit: Kit) -> InstagramMetricsReader:
    return InstagramMetricsReader(kit.settings, sleep=no_sleep)


def seed(kit: Kit, *, hours_ago: float = 0) -> str:
    at = kit.emulator.clock.now() - timedelta(hours=hours_ago)
    return kit.emulator.world.seed_media(USER_ID, "a Reel", at=at).id


async def test_insights_grow_with_the_emulators_clock(tmp_path: Path) -> None:
    async with instagram(tmp_path) as kit:
        media_id = seed(kit, hours_ago=2)
        first = await reader(kit).read_metrics(kit.http, kit.credentials, [media_id])
        kit.emulator.advance(hours=46)
        later = await reader(kit).read_metrics(kit.http, kit.credentials, [media_id])
        asked = kit.emulator.requests.last("insights").param("metric") or ""
        assert kit.emulator.requests.count("insights") == 2
    expected = post_counts(media_id, 2 * 3600)
    numbers = metrics_of(first, media_id)
    assert numbers.views == expected["views"]
    assert (numbers.likes, numbers.comments, numbers.shares, numbers.saves) == (
        expected["likes"], expected["comments"], expected["shares"], expected["saves"],
    )  # fmt: skip
    assert numbers.watch_time_s == pytest.approx(float(expected["watch_time_s"]), abs=0.01)
    assert numbers.extra["reach"] == expected["reach"]
    assert numbers.extra["avg_watch_time_s"] > 0
    assert views_of(later, media_id) > views_of(first, media_id) > 0
    assert "ig_reels_video_view_total_time" in asked.split(",")


async def test_one_media_a_call(tmp_path: Path) -> None:
    async with instagram(tmp_path) as kit:
        ids = [seed(kit, hours_ago=3) for _ in range(2)]
        with pytest.raises(ValueError, match="one media"):
            await reader(kit).read_metrics(kit.http, kit.credentials, ids)
        assert kit.emulator.requests.count("insights") == 0


async def test_not_enough_viewers_and_no_data_are_none_not_zero(tmp_path: Path) -> None:
    async with instagram(tmp_path) as kit:
        few, lagging = seed(kit, hours_ago=1), seed(kit, hours_ago=1)
        kit.emulator.world.media[few].not_enough_viewers = True
        kit.emulator.world.media[lagging].no_data = True
        shy = await reader(kit).read_metrics(kit.http, kit.credentials, [few])
        empty = await reader(kit).read_metrics(kit.http, kit.credentials, [lagging])
        assert kit.emulator.requests.statuses("insights") == [400, 200]
    assert shy[few] == PostMetrics()
    assert empty[lagging] == PostMetrics()


async def test_a_deleted_reel_is_gone(tmp_path: Path) -> None:
    async with instagram(tmp_path) as kit:
        media_id = seed(kit)
        kit.emulator.world.delete_media(media_id)
        answer = await reader(kit).read_metrics(kit.http, kit.credentials, [media_id])
    assert answer == {media_id: POST_GONE}


async def test_revoked_access_and_a_twice_refused_token_mean_reconnecting(
    tmp_path: Path,
) -> None:
    async with instagram(tmp_path) as kit:
        media_id = seed(kit)
        kit.emulator.faults.token_expired("insights", times=2)
        with pytest.raises(ReconnectRequired):
            await reader(kit).read_metrics(kit.http, kit.credentials, [media_id])
        assert kit.credentials.refreshes == 1
        kit.emulator.revoke_app()
        with pytest.raises(ReconnectRequired):
            await reader(kit).read_metrics(kit.http, kit.credentials, [media_id])


async def test_throttling_and_outages_skip_the_run(tmp_path: Path) -> None:
    async with instagram(tmp_path) as kit:
        media_id = seed(kit)
        kit.emulator.faults.throttled("insights", code=4, regain_minutes=5)
        with pytest.raises(ProviderRateLimited) as limited:
            await reader(kit).read_metrics(kit.http, kit.credentials, [media_id])
        kit.emulator.faults.server_error("insights", 500)
        with pytest.raises(ProviderUnavailable):
            await reader(kit).read_metrics(kit.http, kit.credentials, [media_id])
        assert kit.emulator.requests.count("insights") == 2
    assert limited.value.retry_after_s == 300


async def test_absurd_values_are_no_data_and_corrections_go_down(tmp_path: Path) -> None:
    async with instagram(tmp_path) as kit:
        media_id = seed(kit, hours_ago=20)
        first = await reader(kit).read_metrics(kit.http, kit.credentials, [media_id])
        kit.emulator.world.metrics.correct(media_id, views=-30)
        kit.emulator.world.media[media_id].insights = {"likes": -4, "shares": "n/a"}
        later = await reader(kit).read_metrics(kit.http, kit.credentials, [media_id])
    numbers = metrics_of(later, media_id)
    assert (numbers.likes, numbers.shares) == (None, None)
    assert numbers.comments is not None
    assert views_of(later, media_id) == views_of(first, media_id) - 30
