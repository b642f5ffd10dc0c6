"""The X metrics reader against the X emulator: `GET /2/tweets?ids=` with public_metrics."""

from pathlib import Path

import pytest

from core.provider_errors import ProviderRateLimited, ProviderUnavailable
from core.publisher_settings import XSettings
from publishers.errors import ReconnectRequired
from publishers.metrics import POST_GONE, PostGone, PostMetrics
from publishers.x.metrics import XMetricsReader
from tests.emulators.post_metrics import post_counts
from tests.publishers.metrics_answers import metrics_of, views_of
from tests.publishers.x_rig import Sleeps, XRig, x_rig


def reader(rig: XRig) -> XMetricsReader:
    settings = XSettings(api_url=rig.emulator.base_url)
    return XMetricsReader(settings, clock=rig.emulator.now, sleep=Sleeps())


def seed(rig: XRig, count: int, *, hours_ago: float = 0) -> list[str]:
    at = rig.emulator.now() - hours_ago * 3600
    return [rig.emulator.seed_post(created_at=at) for _ in range(count)]


async def test_counts_grow_with_the_emulators_clock(tmp_path: Path) -> None:
    async with x_rig(tmp_path) as rig:
        ids = seed(rig, 3, hours_ago=1)
        first = await reader(rig).read_metrics(rig.http, rig.credentials, ids)
        rig.emulator.advance(24 * 3600)  # the 2 h access token expires: one refresh
        later = await reader(rig).read_metrics(rig.http, rig.credentials, ids)
        assert rig.emulator.requests.statuses("tweets") == [200, 401, 200]
    for post_id in ids:
        numbers, expected = metrics_of(first, post_id), post_counts(post_id, 3600)
        assert numbers.views == expected["views"]  # the video's view_count
        assert (numbers.likes, numbers.comments, numbers.shares, numbers.saves) == (
            expected["likes"], expected["comments"], expected["shares"], expected["saves"],
        )  # fmt: skip
        assert numbers.extra["impressions"] == expected["views"] + expected["reach"]
        assert views_of(later, post_id) > views_of(first, post_id) > 0


async def test_repost_count_and_retweet_count_are_both_read(tmp_path: Path) -> None:
    async with x_rig(tmp_path) as rig:
        (post_id,) = seed(rig, 1, hours_ago=5)
        old = await reader(rig).read_metrics(rig.http, rig.credentials, [post_id])
        rig.emulator.tweets_api.engagement.repost_field = "repost_count"
        new = await reader(rig).read_metrics(rig.http, rig.credentials, [post_id])
    shares = metrics_of(old, post_id).shares
    assert shares is not None
    assert shares > 0
    assert metrics_of(new, post_id).shares == shares


async def test_batches_stay_within_a_hundred_ids(tmp_path: Path) -> None:
    async with x_rig(tmp_path) as rig:
        ids = seed(rig, 150, hours_ago=2)
        x = reader(rig)
        answer: dict[str, PostMetrics | PostGone] = {}
        for start in range(0, len(ids), x.batch_size):
            batch = ids[start : start + x.batch_size]
            answer.update(await x.read_metrics(rig.http, rig.credentials, batch))
        with pytest.raises(ValueError, match="at most 100"):
            await x.read_metrics(rig.http, rig.credentials, ids[:101])
        sent = [len((r.param("ids") or "").split(",")) for r in rig.emulator.requests.to("tweets")]
    assert sent == [100, 50]
    assert all(views_of(answer, post_id) > 0 for post_id in ids)


async def test_a_deleted_post_is_gone(tmp_path: Path) -> None:
    async with x_rig(tmp_path) as rig:
        ids = seed(rig, 2, hours_ago=1)
        rig.emulator.delete_post(ids[0])
        answer = await reader(rig).read_metrics(rig.http, rig.credentials, ids)
    assert answer[ids[0]] is POST_GONE
    assert views_of(answer, ids[1]) > 0


async def test_revoked_access_means_reconnecting(tmp_path: Path) -> None:
    async with x_rig(tmp_path) as rig:
        ids = seed(rig, 1)
        rig.emulator.revoke_app()
        with pytest.raises(ReconnectRequired):
            await reader(rig).read_metrics(rig.http, rig.credentials, ids)


async def test_rate_limit_and_outage_skip_the_run(tmp_path: Path) -> None:
    async with x_rig(tmp_path) as rig:
        ids = seed(rig, 1)
        rig.emulator.faults.rate_limited("tweets", reset_in=120)
        with pytest.raises(ProviderRateLimited) as limited:
            await reader(rig).read_metrics(rig.http, rig.credentials, ids)
        rig.emulator.faults.server_error("tweets", 503)
        with pytest.raises(ProviderUnavailable):
            await reader(rig).read_metrics(rig.http, rig.credentials, ids)
        assert len(rig.emulator.requests.to("tweets")) == 2
    assert limited.value.retry_after_s == pytest.approx(120, abs=1)


async def test_absurd_values_are_no_data_and_corrections_go_down(tmp_path: Path) -> None:
    async with x_rig(tmp_path) as rig:
        ids = seed(rig, 2, hours_ago=12)
        first = await reader(rig).read_metrics(rig.http, rig.credentials, ids)
        rig.emulator.tweets_api.engagement.overrides[ids[0]] = {"like_count": -3,
                                                                "reply_count": 1.5}  # fmt: skip
        rig.emulator.tweets_api.engagement.metrics.correct(ids[1], views=-10)
        later = await reader(rig).read_metrics(rig.http, rig.credentials, ids)
    absurd = metrics_of(later, ids[0])
    assert (absurd.likes, absurd.comments) == (None, None)
    assert absurd.shares == metrics_of(first, ids[0]).shares
    assert views_of(later, ids[1]) == views_of(first, ids[1]) - 10
