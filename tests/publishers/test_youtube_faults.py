"""The YouTube publisher against each fault the issue names, one at a time: the emulator's
ledger must show one video (or none), no byte stored twice, and no second session."""

from pathlib import Path

import pytest

from core.enums import PublicationState
from publishers.errors import (
    OutcomeStillUnknown,
    PublishRateLimited,
    PublishRejected,
    PublishUnavailable,
    QuotaExhausted,
    ReconnectRequired,
)
from publishers.oauth import TokenSet
from publishers.runner import run_publication
from publishers.youtube import next_quota_reset
from tests.publishers.ledgers import MemoryLedger, OAuthCredentials
from tests.publishers.youtube_env import CHUNK, YouTubeEnv, youtube_env

FINAL = 3  # the fourth chunk PUT carries the last byte (3 chunks + 1000 bytes)


def assert_one_clean_upload(env: YouTubeEnv) -> None:
    emulator = env.emulator
    assert emulator.posts_titled(env.draft.title) == 1
    assert len(emulator.videos_titled(env.draft.title)) == 1
    (session,) = emulator.sessions
    assert session.resent_bytes == 0
    assert bytes(session.data) == env.video.path.read_bytes()


class Sleeps:
    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


async def test_token_expiring_mid_upload_is_refreshed_once(tmp_path: Path) -> None:
    async with youtube_env(tmp_path) as env:
        env.emulator.faults.expire_token("upload_put", at=2)
        ledger = MemoryLedger()
        await run_publication(env.publisher, env.context(ledger))
        statuses = env.emulator.requests.statuses("upload_put")
        assert_one_clean_upload(env)
    assert env.credentials.refreshes == 1
    assert env.emulator.oauth.refreshes == 1
    assert statuses == [308, 308, 401, 308, 200]  # the refused chunk sent again, once
    assert ledger.state == PublicationState.PUBLISHED


async def test_a_rotated_away_refresh_token_stops_then_reconnecting_resumes(
    tmp_path: Path,
) -> None:
    async with youtube_env(tmp_path, rotate_refresh_tokens=True) as env:
        stale = env.credentials.tokens
        await env.oauth.refresh(env.http, stale)  # another worker rotated it
        env.emulator.faults.expire_token("upload_put", at=1)
        ledger = MemoryLedger()
        with pytest.raises(ReconnectRequired):
            await run_publication(env.publisher, env.context(ledger))
        assert ledger.state == PublicationState.UPLOADING  # not failed: resumable
        grant, token = await env.emulator.grant_tokens()  # the user connects again
        env.credentials = OAuthCredentials(
            env.credentials.account_id, TokenSet(token, grant.refresh_token, None), env.oauth,
            env.http,
        )  # fmt: skip
        await run_publication(env.publisher, env.context(ledger))
        assert_one_clean_upload(env)
    assert ledger.state == PublicationState.PUBLISHED


async def test_429_with_a_reset_time_is_waited_out(tmp_path: Path) -> None:
    async with youtube_env(tmp_path) as env:
        env.emulator.faults.rate_limited("upload_start", retry_after=7)
        env.emulator.faults.rate_limited("upload_put", retry_after=11, at=1)
        sleeps = Sleeps()
        ledger = MemoryLedger()
        await run_publication(env.publisher, env.context(ledger, sleep=sleeps))
        assert_one_clean_upload(env)
    assert 7.0 in sleeps.waits
    assert 11.0 in sleeps.waits


async def test_403_rate_limit_is_transient_and_the_next_try_publishes(tmp_path: Path) -> None:
    async with youtube_env(tmp_path) as env:
        env.emulator.faults.google("upload_start", 403, "rateLimitExceeded")
        ledger = MemoryLedger()
        with pytest.raises(PublishRateLimited):
            await run_publication(env.publisher, env.context(ledger))
        assert ledger.state == PublicationState.QUEUED
        await run_publication(env.publisher, env.context(ledger))
        assert_one_clean_upload(env)


async def test_5xx_after_part_of_a_chunk_resumes_from_googles_range(tmp_path: Path) -> None:
    async with youtube_env(tmp_path) as env:
        env.emulator.faults.partial_then_error(stored_bytes=1000, at=1)
        await run_publication(env.publisher, env.context(MemoryLedger()))
        ranges = [c.notes["range"] for c in env.emulator.chunk_requests()]
        probes = [r for r in env.emulator.requests.to("upload_put") if r.notes.get("probe")]
        assert_one_clean_upload(env)
    assert ranges[2][0] == CHUNK + 1000  # from the Range header, not our own counter
    assert len(probes) == 1


async def test_one_dropped_answer_to_the_last_byte_is_absorbed_by_the_session(
    tmp_path: Path,
) -> None:
    """aiohttp resends a PUT once when the connection drops; Google's session makes that
    harmless: the completed session answers with the same video."""
    async with youtube_env(tmp_path) as env:
        env.emulator.faults.drop_after_work("upload_put", at=FINAL)
        ledger = MemoryLedger()
        await run_publication(env.publisher, env.context(ledger))
        statuses = env.emulator.requests.statuses("upload_put")
        assert_one_clean_upload(env)
    assert statuses[-2:] == [200, 200]  # the dropped one, then aiohttp's resend
    assert PublicationState.OUTCOME_UNKNOWN not in ledger.history


@pytest.mark.parametrize("lost", ["dropped", "502"])
async def test_lost_answer_to_the_last_byte_is_reconciled_to_one_post(
    tmp_path: Path, lost: str
) -> None:
    async with youtube_env(tmp_path) as env:
        if lost == "dropped":
            env.emulator.faults.drop_after_work("upload_put", at=FINAL, times=2)
        else:
            env.emulator.faults.answer_lost_after_work("upload_put", 502, at=FINAL)
        ledger = MemoryLedger()
        with pytest.raises(OutcomeStillUnknown):
            await run_publication(env.publisher, env.context(ledger))
        assert ledger.state == PublicationState.OUTCOME_UNKNOWN
        post = await run_publication(env.publisher, env.context(ledger))
        assert_one_clean_upload(env)
        (video,) = env.emulator.videos_titled(env.draft.title)
    assert post.post_id == video.id
    assert ledger.state == PublicationState.PUBLISHED


async def test_lost_last_answer_and_expired_session_found_in_uploads_playlist(
    tmp_path: Path,
) -> None:
    async with youtube_env(tmp_path) as env:
        env.emulator.faults.drop_after_work("upload_put", at=FINAL, times=2)
        ledger = MemoryLedger()
        with pytest.raises(OutcomeStillUnknown):
            await run_publication(env.publisher, env.context(ledger))
        env.emulator.expire_sessions()
        post = await run_publication(env.publisher, env.context(ledger))
        assert_one_clean_upload(env)
        (video,) = env.emulator.videos_titled(env.draft.title)
        looked = env.emulator.requests.count("playlist_items")
    assert post.post_id == video.id
    assert looked == 1


async def test_an_expired_session_before_the_last_byte_starts_a_new_one(tmp_path: Path) -> None:
    async with youtube_env(tmp_path) as env:
        env.emulator.faults.drop_after_work("upload_put", at=1, times=2)
        env.emulator.faults.server_error("upload_put", at=2, times=6)  # every probe after
        ledger = MemoryLedger()
        with pytest.raises(PublishUnavailable):
            await run_publication(env.publisher, env.context(ledger))
        assert ledger.state == PublicationState.UPLOADING
        env.emulator.expire_sessions()
        await run_publication(env.publisher, env.context(ledger))
        assert env.emulator.posts_titled(env.draft.title) == 1
        assert env.emulator.requests.count("upload_start") == 2


async def test_quota_exhausted_waits_for_midnight_pacific(tmp_path: Path) -> None:
    async with youtube_env(tmp_path) as env:
        for index in range(6):  # 6 x 1600 units of 10 000
            env.draft = env.draft.__class__(f"Short {index}", "#Shorts")
            await run_publication(env.publisher, env.context(MemoryLedger()))
        env.draft = env.draft.__class__("Short 6", "#Shorts")
        ledger = MemoryLedger()
        with pytest.raises(QuotaExhausted) as raised:
            await run_publication(env.publisher, env.context(ledger))
        reset = env.emulator.channel.next_quota_reset()
        now = env.emulator.now()
        assert env.emulator.requests.statuses("upload_start")[-1] == 403
    assert raised.value.retry_at == reset == next_quota_reset(now)
    assert raised.value.retry_at.utcoffset() is not None
    assert ledger.state == PublicationState.QUEUED
    assert "yt_session" not in ledger.values


async def test_quota_comes_back_after_midnight_pacific(tmp_path: Path) -> None:
    async with youtube_env(tmp_path) as env:
        env.emulator.channel.exhaust_quota()
        ledger = MemoryLedger()
        with pytest.raises(QuotaExhausted) as raised:
            await run_publication(env.publisher, env.context(ledger))
        env.emulator.advance((raised.value.retry_at - env.emulator.now()).total_seconds() + 1)
        await run_publication(env.publisher, env.context(ledger))
        assert env.emulator.posts_titled(env.draft.title) == 1


async def test_the_channels_daily_upload_cap_waits_a_day(tmp_path: Path) -> None:
    async with youtube_env(tmp_path) as env:
        env.emulator.faults.upload_limit()
        with pytest.raises(QuotaExhausted) as raised:
            await run_publication(env.publisher, env.context(MemoryLedger()))
        waited = raised.value.retry_at - env.emulator.now()
    assert waited.total_seconds() == 24 * 3600


async def test_a_revoked_app_needs_reconnecting(tmp_path: Path) -> None:
    async with youtube_env(tmp_path) as env:
        env.emulator.oauth.revoke_app()
        ledger = MemoryLedger()
        with pytest.raises(ReconnectRequired):
            await run_publication(env.publisher, env.context(ledger))
        assert env.emulator.posts_titled(env.draft.title) == 0
    assert ledger.state == PublicationState.QUEUED


async def test_metadata_youtube_refuses_fails_the_publication(tmp_path: Path) -> None:
    async with youtube_env(tmp_path) as env:
        env.draft = env.draft.__class__("a <b> title", "#Shorts")
        ledger = MemoryLedger()
        with pytest.raises(PublishRejected, match="invalidTitle"):
            await run_publication(env.publisher, env.context(ledger))
    assert ledger.state == PublicationState.FAILED


async def test_a_session_older_than_a_week_is_replaced(tmp_path: Path) -> None:
    async with youtube_env(tmp_path) as env:
        env.emulator.faults.server_error("upload_put", at=1, times=7)  # chunk 1 and probes
        ledger = MemoryLedger()
        with pytest.raises(PublishUnavailable):
            await run_publication(env.publisher, env.context(ledger))
        env.emulator.advance(8 * 86_400)
        await run_publication(env.publisher, env.context(ledger))
        old, new = env.emulator.sessions
        posts = env.emulator.posts_titled(env.draft.title)
    assert (old.video_id, new.video_id is not None) == (None, True)
    assert posts == 1
    assert ledger.state == PublicationState.PUBLISHED
