"""The YouTube metrics reader against the YouTube emulator: `videos.list part=statistics`."""

from datetime import timedelta
from pathlib import Path

import pytest

from core.provider_errors import ProviderRateLimited, ProviderUnavailable
from publishers.errors import QuotaExhausted, ReconnectRequired
from publishers.metrics import POST_GONE, PostGone, PostMetrics
from publishers.youtube.metrics import YouTubeMetricsReader
from tests.emulators.post_metrics import post_counts
from tests.publishers.metrics_answers import metrics_of, views_of
from tests.publishers.youtube_env import YouTubeEnv, no_sleep, youtube_env


def reader(env: YouTubeEnv) -> YouTubeMetricsReader:
    return YouTubeMetricsReader(env.settings, clock=env.emulator.now, sleep=no_sleep)


def seed(env: YouTubeEnv, count: int, *, hours_ago: float = 0) -> list[str]:
    published = env.emulator.now() - timedelta(hours=hours_ago)
    channel = env.emulator.channel
    return [channel.seed_video(f"Short {i}", published_at=published).id for i in range(count)]


async def test_counts_grow_with_the_emulators_clock(tmp_path: Path) -> None:
    async with youtube_env(tmp_path) as env:
        ids = seed(env, 3, hours_ago=1)
        first = await reader(env).read_metrics(env.http, env.credentials, ids)
        env.emulator.advance(24 * 3600)
        later = await reader(env).read_metrics(env.http, env.credentials, ids)
        # A day later the access token has expired: one refresh, the call sent again.
        assert env.emulator.requests.statuses("videos") == [200, 401, 200]
        assert env.credentials.refreshes == 1
    for post_id in ids:
        before = metrics_of(first, post_id)
        expected = post_counts(post_id, 3600)
        assert (before.views, before.likes, before.comments) == (
            expected["views"], expected["likes"], expected["comments"],
        )  # fmt: skip
        assert views_of(later, post_id) > views_of(first, post_id) > 0
        assert (before.shares, before.saves) == (None, None)  # not in the Data API


async def test_batches_stay_within_fifty_ids_and_cost_one_unit_each(tmp_path: Path) -> None:
    async with youtube_env(tmp_path) as env:
        ids = seed(env, 120, hours_ago=5)
        youtube = reader(env)
        answer: dict[str, PostMetrics | PostGone] = {}
        for start in range(0, len(ids), youtube.batch_size):
            batch = ids[start : start + youtube.batch_size]
            answer.update(await youtube.read_metrics(env.http, env.credentials, batch))
        sent = [r.param("id") or "" for r in env.emulator.requests.to("videos")]
        with pytest.raises(ValueError, match="at most 50"):
            await youtube.read_metrics(env.http, env.credentials, ids[:51])
        assert sum(env.emulator.channel.quota_used.values()) == 3
    assert [len(s.split(",")) for s in sent] == [50, 50, 20]
    assert all(views_of(answer, post_id) > 0 for post_id in ids)


async def test_a_deleted_video_is_gone_and_the_rest_are_read(tmp_path: Path) -> None:
    async with youtube_env(tmp_path) as env:
        ids = seed(env, 2, hours_ago=2)
        env.emulator.channel.delete(ids[0])
        answer = await reader(env).read_metrics(env.http, env.credentials, ids)
    assert answer[ids[0]] is POST_GONE
    assert views_of(answer, ids[1]) > 0


async def test_a_revoked_app_means_reconnecting(tmp_path: Path) -> None:
    async with youtube_env(tmp_path) as env:
        ids = seed(env, 1)
        env.emulator.oauth.revoke_app()
        with pytest.raises(ReconnectRequired):
            await reader(env).read_metrics(env.http, env.credentials, ids)


async def test_a_token_refused_after_its_refresh_means_reconnecting(tmp_path: Path) -> None:
    async with youtube_env(tmp_path) as env:
        ids = seed(env, 1)
        env.emulator.faults.google("videos", 401, "authError", times=2)
        with pytest.raises(ReconnectRequired):
            await reader(env).read_metrics(env.http, env.credentials, ids)
        assert env.credentials.refreshes == 1
        assert env.emulator.requests.count("videos") == 2


async def test_rate_limit_quota_and_outage_skip_the_run(tmp_path: Path) -> None:
    async with youtube_env(tmp_path) as env:
        ids = seed(env, 1)
        youtube = reader(env)
        env.emulator.faults.rate_limited("videos", retry_after=30)
        with pytest.raises(ProviderRateLimited) as limited:
            await youtube.read_metrics(env.http, env.credentials, ids)
        env.emulator.faults.server_error("videos", 503)
        with pytest.raises(ProviderUnavailable):
            await youtube.read_metrics(env.http, env.credentials, ids)
        env.emulator.channel.exhaust_quota()
        with pytest.raises(QuotaExhausted) as spent:
            await youtube.read_metrics(env.http, env.credentials, ids)
        reset = env.emulator.channel.next_quota_reset()
        assert env.emulator.requests.count("videos") == 3
    assert limited.value.retry_after_s == 30
    assert spent.value.retry_at == reset


async def test_absurd_values_are_no_data_and_corrections_go_down(tmp_path: Path) -> None:
    async with youtube_env(tmp_path) as env:
        ids = seed(env, 2, hours_ago=10)
        env.emulator.channel.videos[ids[0]].stat_overrides = {
            "viewCount": "-5", "likeCount": "lots",
        }  # fmt: skip
        first = await reader(env).read_metrics(env.http, env.credentials, ids)
        env.emulator.channel.metrics.correct(ids[1], views=-100)
        corrected = await reader(env).read_metrics(env.http, env.credentials, ids)
    absurd = metrics_of(first, ids[0])
    assert (absurd.views, absurd.likes) == (None, None)
    assert absurd.comments is not None
    assert views_of(corrected, ids[1]) == views_of(first, ids[1]) - 100
