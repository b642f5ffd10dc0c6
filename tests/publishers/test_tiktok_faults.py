"""Each fault issue 11 names, against the TikTok emulator: an expired token mid-upload, a
refresh token already rotated, 429, a 5xx mid-upload, a failed processing, the commit's
answer lost after TikTok posted, quotas, a revoked app, and a worker killed mid-upload."""

from datetime import timedelta
from pathlib import Path

import pytest
import structlog.testing

from core.enums import PublicationState
from publishers.errors import (
    OutcomeStillUnknown,
    PublishRejected,
    QuotaExhausted,
    ReconnectRequired,
)
from publishers.oauth import TokenSet
from publishers.runner import run_publication
from tests.publishers.fault_runs import settle
from tests.publishers.ledgers import MemoryLedger
from tests.publishers.tiktok_rig import Rig, make_draft, tiktok_rig

State = PublicationState


def publish_id(ledger: MemoryLedger) -> str:
    return str(ledger.get("tiktok_publish_id"))


def assert_one_clean_upload(rig: Rig, ledger: MemoryLedger) -> None:
    assert ledger.state == State.PUBLISHED
    assert len(rig.emulator.posts()) == 1
    assert [r.status for r in rig.emulator.to("init")].count(200) == 1
    assert rig.emulator.stored_bytes(publish_id(ledger)) == rig.content


async def test_a_token_expiring_mid_upload_is_refreshed_once(tmp_path: Path) -> None:
    async with tiktok_rig(tmp_path) as rig:
        rig.emulator.faults.side_effect("upload", rig.emulator.expire_access_tokens, at=2)
        ledger = MemoryLedger()
        await run_publication(rig.publisher, rig.context(ledger))
        assert_one_clean_upload(rig, ledger)
        assert rig.credentials.refreshes == 1
        assert rig.emulator.state.rotations == 1
        assert rig.emulator.to("status")[0].status == 401
        assert len(set(rig.emulator.ranges(publish_id(ledger)))) == 4


async def test_a_refresh_token_rotated_elsewhere_means_reconnect(tmp_path: Path) -> None:
    async with tiktok_rig(tmp_path) as rig:
        # Another process refreshed first: our stored refresh token is now dead.
        await rig.oauth.refresh(rig.http, rig.credentials.tokens)
        rig.emulator.expire_access_tokens()
        ledger = MemoryLedger()
        with pytest.raises(ReconnectRequired):
            await run_publication(rig.publisher, rig.context(ledger))
        assert ledger.state == State.QUEUED  # not failed: it resumes once reconnected
        assert rig.emulator.posts() == []
        access, refresh = rig.emulator.grant()  # the user connects the account again
        rig.credentials.tokens = TokenSet(access, refresh, None)
        await run_publication(rig.publisher, rig.context(ledger))
        assert_one_clean_upload(rig, ledger)


async def test_a_grant_without_video_publish_means_reconnect(tmp_path: Path) -> None:
    async with tiktok_rig(tmp_path) as rig:
        access, refresh = rig.emulator.grant(scope="user.info.basic,video.upload")
        rig.credentials.tokens = TokenSet(access, refresh, None)
        ledger = MemoryLedger()
        with pytest.raises(ReconnectRequired, match="scope_not_authorized"):
            await run_publication(rig.publisher, rig.context(ledger))
        assert ledger.state == State.QUEUED
        assert rig.credentials.refreshes == 0


async def test_429_on_init_is_quota_with_a_retry_a_minute_later(tmp_path: Path) -> None:
    async with tiktok_rig(tmp_path, init_per_minute=1) as rig:
        await run_publication(rig.publisher, rig.context(MemoryLedger(), make_draft("first")))
        second = MemoryLedger()
        with pytest.raises(QuotaExhausted) as caught:
            await run_publication(rig.publisher, rig.context(second, make_draft("second")))
        assert caught.value.retry_at >= rig.clock() + timedelta(seconds=60)
        assert second.state == State.QUEUED
        rig.emulator.advance(60)
        await run_publication(rig.publisher, rig.context(second, make_draft("second")))
        assert len(rig.emulator.posts("second")) == 1


async def test_a_5xx_after_a_chunk_was_stored_resends_only_that_chunk(tmp_path: Path) -> None:
    async with tiktok_rig(tmp_path) as rig:
        rig.emulator.faults.server_error("upload", at=2, apply=True)
        ledger = MemoryLedger()
        await run_publication(rig.publisher, rig.context(ledger))
        assert_one_clean_upload(rig, ledger)
        starts = [first for first, _ in rig.emulator.ranges(publish_id(ledger))]
        assert starts == [0, 65536, 65536, 131072, 196608]


async def test_a_failed_processing_fails_the_publication(tmp_path: Path) -> None:
    async with tiktok_rig(tmp_path) as rig:
        rig.emulator.fail_next_processing("duration_check_failed")
        ledger = MemoryLedger()
        with pytest.raises(PublishRejected, match="duration_check_failed"):
            await run_publication(rig.publisher, rig.context(ledger))
        assert ledger.state == State.FAILED
        assert rig.emulator.posts() == []


@pytest.mark.parametrize("applied", [True, False], ids=["posted", "not-stored"])
async def test_a_lost_commit_answer_is_reconciled_never_reinitialised(
    tmp_path: Path, applied: bool
) -> None:
    async with tiktok_rig(tmp_path) as rig:
        rig.emulator.faults.drop("upload", at=4, apply=applied)
        ledger = MemoryLedger()
        with pytest.raises(OutcomeStillUnknown):
            await run_publication(rig.publisher, rig.context(ledger))
        assert ledger.state == State.OUTCOME_UNKNOWN
        await run_publication(rig.publisher, rig.context(ledger))
        assert_one_clean_upload(rig, ledger)
        last_chunk_puts = [r for r in rig.emulator.to("upload") if r.content_range.startswith(
            "bytes 196608-")]  # fmt: skip
        # Two dropped (aiohttp's own resend included), then one more only if none was stored.
        assert len(last_chunk_puts) == (2 if applied else 3)


async def test_pending_shares_exhausted_wait_an_hour(tmp_path: Path) -> None:
    async with tiktok_rig(tmp_path) as rig:
        rig.emulator.exhaust_quota()
        ledger = MemoryLedger()
        with pytest.raises(QuotaExhausted, match="spam_risk_too_many_pending_share") as caught:
            await run_publication(rig.publisher, rig.context(ledger))
        assert caught.value.retry_at == rig.clock() + timedelta(hours=1)
        rig.emulator.state.pending_share_limit = 5
        await run_publication(rig.publisher, rig.context(ledger))
        assert_one_clean_upload(rig, ledger)


async def test_the_daily_post_cap_waits_a_day(tmp_path: Path) -> None:
    async with tiktok_rig(tmp_path, daily_post_cap=1) as rig:
        await run_publication(rig.publisher, rig.context(MemoryLedger(), make_draft("first")))
        ledger = MemoryLedger()
        with pytest.raises(QuotaExhausted, match="spam_risk_too_many_posts") as caught:
            await run_publication(rig.publisher, rig.context(ledger, make_draft("second")))
        assert caught.value.retry_at == rig.clock() + timedelta(hours=24)
        rig.emulator.advance(24 * 3600)
        await run_publication(rig.publisher, rig.context(ledger, make_draft("second")))
        assert len(rig.emulator.posts("second")) == 1


async def test_an_app_revoked_after_the_commit_resumes_polling_once_reconnected(
    tmp_path: Path,
) -> None:
    async with tiktok_rig(tmp_path) as rig:
        rig.emulator.faults.side_effect("status", rig.emulator.revoke_app, at=1)
        ledger = MemoryLedger()
        with pytest.raises(ReconnectRequired):
            await run_publication(rig.publisher, rig.context(ledger))
        assert ledger.state == State.OUTCOME_UNKNOWN  # TikTok has the upload
        rig.emulator.state.users["open.creator1"].revoked = False  # the user connects again
        access, refresh = rig.emulator.grant()
        rig.credentials.tokens = TokenSet(access, refresh, None)
        await run_publication(rig.publisher, rig.context(ledger))
        assert_one_clean_upload(rig, ledger)


async def test_a_refusal_after_the_commit_never_fails_a_posted_publication(
    tmp_path: Path,
) -> None:
    async with tiktok_rig(tmp_path) as rig:
        rig.emulator.faults.side_effect("status", rig.emulator.expire_access_tokens, at=1)
        rig.emulator.faults.error("token", 401, "invalid_client")  # the refresh is refused
        ledger = MemoryLedger()
        with pytest.raises(OutcomeStillUnknown, match="committed"):
            await run_publication(rig.publisher, rig.context(ledger))
        assert ledger.state == State.OUTCOME_UNKNOWN
        await run_publication(rig.publisher, rig.context(ledger))
        assert_one_clean_upload(rig, ledger)


@pytest.mark.parametrize("crash_after", range(1, 8))
async def test_a_worker_killed_mid_upload_resumes_from_its_last_chunk(
    tmp_path: Path, crash_after: int
) -> None:
    async with tiktok_rig(tmp_path) as rig:
        ledger = MemoryLedger(crash_after_saves=crash_after)
        assert await settle(rig.publisher, lambda: rig.context(ledger), ledger) == State.PUBLISHED
        assert_one_clean_upload(rig, ledger)
        ranges = rig.emulator.ranges(publish_id(ledger))
        assert len(ranges) == len(set(ranges)) == 4  # no byte range sent twice


async def test_no_token_reaches_the_logs(tmp_path: Path) -> None:
    async with tiktok_rig(tmp_path) as rig:
        rig.emulator.faults.side_effect("upload", rig.emulator.expire_access_tokens, at=2)
        rig.emulator.faults.server_error("upload", at=3, apply=True)
        rig.emulator.faults.drop("upload", at=5)
        ledger = MemoryLedger()
        with structlog.testing.capture_logs() as logs:
            await settle(rig.publisher, lambda: rig.context(ledger), ledger)
        assert ledger.state == State.PUBLISHED
        assert logs  # retries and the unknown outcome were logged
        secrets = [*rig.emulator.state.access, *rig.emulator.state.refresh]
        secrets.append(str(ledger.get("tiktok_upload_url")).split("upload_token=")[1])
        text = repr(logs)
        assert not [secret for secret in secrets if secret in text]
