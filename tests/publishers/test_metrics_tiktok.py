"""The TikTok metrics reader against the TikTok emulator: `/v2/video/query/`."""

from pathlib import Path

import pytest

from core.provider_errors import ProviderRateLimited, ProviderUnavailable
from publishers.errors import ReconnectRequired
from publishers.metrics import POST_GONE
from publishers.tiktok import TikTokPublisher
from publishers.tiktok.metrics import TikTokMetricsReader
from tests.emulators.post_metrics import post_counts
from tests.publishers.ledgers import MemoryLedger
from tests.publishers.metrics_answers import metrics_of, views_of
from tests.publishers.tiktok_rig import CHUNK, Rig, tiktok_rig

USER = "open.creator1"


def reader(rig: Rig) -> TikTokMetricsReader:
    return TikTokMetricsReader(rig.emulator.settings(), clock=rig.clock, sleep=rig.emulator.sleep)


def seed(rig: Rig, count: int, *, hours_ago: float = 0) -> list[str]:
    at = rig.emulator.clock() - hours_ago * 3600
    videos = rig.emulator.videos
    return [str(videos.seed_video(USER, f"Short {i}", published_at=at)) for i in range(count)]


async def test_counts_grow_with_the_emulators_clock(tmp_path: Path) -> None:
    async with tiktok_rig(tmp_path) as rig:
        ids = seed(rig, 3, hours_ago=1)
        first = await reader(rig).read_metrics(rig.http, rig.credentials, ids)
        rig.emulator.advance(24 * 3600)  # the 2 h access token expires: one refresh
        later = await reader(rig).read_metrics(rig.http, rig.credentials, ids)
        statuses = [r.status for r in rig.emulator.to("video_query")]
        asked = rig.emulator.to("video_query")[0].json
    assert statuses == [200, 401, 200]
    assert asked == {"filters": {"video_ids": ids}}
    for post_id in ids:
        numbers, expected = metrics_of(first, post_id), post_counts(post_id, 3600)
        assert (numbers.views, numbers.likes, numbers.comments, numbers.shares) == (
            expected["views"], expected["likes"], expected["comments"], expected["shares"],
        )  # fmt: skip
        assert (numbers.saves, numbers.watch_time_s) == (None, None)  # not in this API
        assert views_of(later, post_id) > views_of(first, post_id) > 0


async def test_batches_stay_within_twenty_ids(tmp_path: Path) -> None:
    async with tiktok_rig(tmp_path) as rig:
        ids = seed(rig, 45, hours_ago=3)
        tiktok = reader(rig)
        answer = {}
        for start in range(0, len(ids), tiktok.batch_size):
            batch = ids[start : start + tiktok.batch_size]
            answer.update(await tiktok.read_metrics(rig.http, rig.credentials, batch))
        with pytest.raises(ValueError, match="at most 20"):
            await tiktok.read_metrics(rig.http, rig.credentials, ids[:21])
        sent = [len(r.json["filters"]["video_ids"]) for r in rig.emulator.to("video_query")]
    assert sent == [20, 20, 5]
    assert all(views_of(answer, post_id) > 0 for post_id in ids)


async def test_a_post_stored_under_its_publish_id_is_read_once_moderation_shows_it(
    tmp_path: Path,
) -> None:
    async with tiktok_rig(tmp_path, moderation_s=3600) as rig:
        settings = rig.emulator.settings()
        publisher = TikTokPublisher(settings, chunk_size=CHUNK, min_chunk_size=CHUNK,
                                    id_polls=1, clock=rig.clock)  # fmt: skip
        ref = await publisher.publish(rig.context(MemoryLedger()))
        assert ref.post_id.startswith("v_pub_")
        held = await reader(rig).read_metrics(rig.http, rig.credentials, [ref.post_id])
        rig.emulator.advance(2 * 3600)
        shown = await reader(rig).read_metrics(rig.http, rig.credentials, [ref.post_id])
        taken_down = await publisher.publish(rig.context(MemoryLedger()))
        # Moderation refuses it after PUBLISH_COMPLETE: status/fetch now says FAILED.
        rig.emulator.state.uploads[taken_down.post_id].fail_reason = "content_violation"
        gone = await reader(rig).read_metrics(rig.http, rig.credentials, [taken_down.post_id])
    assert held == {}  # no public id yet: read next time
    assert views_of(shown, ref.post_id) > 0
    assert gone == {taken_down.post_id: POST_GONE}


async def test_a_deleted_post_is_gone(tmp_path: Path) -> None:
    async with tiktok_rig(tmp_path) as rig:
        ids = seed(rig, 2, hours_ago=2)
        rig.emulator.videos.deleted.add(int(ids[0]))
        answer = await reader(rig).read_metrics(rig.http, rig.credentials, ids)
    assert answer[ids[0]] is POST_GONE
    assert views_of(answer, ids[1]) > 0


async def test_revoked_access_means_reconnecting(tmp_path: Path) -> None:
    async with tiktok_rig(tmp_path) as rig:
        ids = seed(rig, 1)
        rig.emulator.revoke_app()
        with pytest.raises(ReconnectRequired):
            await reader(rig).read_metrics(rig.http, rig.credentials, ids)


async def test_rate_limit_and_outage_skip_the_run(tmp_path: Path) -> None:
    async with tiktok_rig(tmp_path) as rig:
        ids = seed(rig, 1)
        rig.emulator.faults.error("video_query", 429, "rate_limit_exceeded")
        with pytest.raises(ProviderRateLimited) as limited:
            await reader(rig).read_metrics(rig.http, rig.credentials, ids)
        rig.emulator.faults.server_error("video_query")
        with pytest.raises(ProviderUnavailable):
            await reader(rig).read_metrics(rig.http, rig.credentials, ids)
        assert len(rig.emulator.to("video_query")) == 2
    assert limited.value.retry_after_s == 60


async def test_absurd_values_are_no_data_and_corrections_go_down(tmp_path: Path) -> None:
    async with tiktok_rig(tmp_path) as rig:
        ids = seed(rig, 2, hours_ago=30)
        first = await reader(rig).read_metrics(rig.http, rig.credentials, ids)
        rig.emulator.videos.overrides[int(ids[0])] = {"like_count": -1, "share_count": "x"}
        rig.emulator.videos.metrics.correct(ids[1], views=-20)
        later = await reader(rig).read_metrics(rig.http, rig.credentials, ids)
    absurd = metrics_of(later, ids[0])
    assert (absurd.likes, absurd.shares) == (None, None)
    assert absurd.views == metrics_of(first, ids[0]).views
    assert views_of(later, ids[1]) == views_of(first, ids[1]) - 20
