"""Each fault of issue 11 against the Instagram adapter: tokens refused mid-upload,
throttling, 5xx and lost answers during the upload and on the commit, a worker killed
mid-upload. Whatever happens: one Reel at most, and an upload never starts over."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.enums import PublicationState
from publishers.errors import OutcomeStillUnknown, PublishRateLimited, ReconnectRequired
from publishers.oauth import TokenSet
from publishers.runner import run_publication
from tests.publishers.fault_runs import settle
from tests.publishers.instagram_kit import CAPTION, Kit, instagram
from tests.publishers.ledgers import LedgerCrash, MemoryLedger

CHUNK = 50_000
# MemoryLedger saves of a clean resumable run: container, 4 chunks (the last with
# PROCESSING), PUBLISH_ATTEMPTED, PUBLISHED.
SAVES = 7


def offsets(kit: Kit) -> list[int]:
    return [int(r.header("offset") or -1) for r in kit.emulator.requests.to("rupload")]


async def test_token_expired_mid_upload_is_refreshed_once(tmp_path: Path) -> None:
    async with instagram(tmp_path) as kit:
        kit.emulator.faults.token_expired("rupload", call=2)
        await run_publication(kit.publisher, kit.context(MemoryLedger()))
        assert kit.credentials.refreshes == 1
        assert kit.emulator.requests.count("refresh") == 1
        assert kit.emulator.requests.statuses("rupload") == [200, 400, 200, 200, 200]
        assert offsets(kit) == [0, CHUNK, CHUNK, 2 * CHUNK, 3 * CHUNK]
        assert kit.container.duplicate_bytes() == 0
        assert len(kit.emulator.public_posts(CAPTION)) == 1


@pytest.mark.parametrize("subcode", [467, 460])
async def test_a_replaced_token_stops_the_upload_until_reconnected(
    tmp_path: Path, subcode: int
) -> None:
    async with instagram(tmp_path) as kit:
        ledger = MemoryLedger(crash_after_saves=3)  # two chunks confirmed, then killed
        with pytest.raises(LedgerCrash):
            await run_publication(kit.publisher, kit.context(ledger))
        kit.emulator.invalidate_token(kit.credentials.tokens.access_token, subcode)
        with pytest.raises(ReconnectRequired):
            await run_publication(kit.publisher, kit.context(ledger))
        assert kit.credentials.refreshes == 0  # no refresh can fix a replaced token
        assert ledger.state == PublicationState.UPLOADING  # not failed: it waits
        kit.credentials.tokens = TokenSet(kit.emulator.issue_token(), None, None)  # reconnect
        await run_publication(kit.publisher, kit.context(ledger))
        assert offsets(kit) == [0, CHUNK, 2 * CHUNK, 2 * CHUNK, 3 * CHUNK]
        assert kit.emulator.requests.statuses("rupload")[2] == 400  # refused, nothing stored
        assert kit.container.duplicate_bytes() == 0
        assert len(kit.emulator.containers) == 1
        assert len(kit.emulator.public_posts()) == 1


async def test_a_lapsed_token_cannot_be_refreshed(tmp_path: Path) -> None:
    async with instagram(tmp_path) as kit:
        kit.emulator.expire_token(kit.credentials.tokens.access_token)
        ledger = MemoryLedger()
        with pytest.raises(ReconnectRequired, match="463"):
            await run_publication(kit.publisher, kit.context(ledger))
        assert kit.emulator.requests.count("refresh") == 1
        assert ledger.state == PublicationState.QUEUED
        assert kit.emulator.containers == []


async def test_too_many_actions_is_throttling_not_a_stale_token(tmp_path: Path) -> None:
    async with instagram(tmp_path) as kit:
        kit.emulator.faults.throttled(
            "rupload", code=17, status=401, message="User is performing too many actions",
            regain_minutes=1, call=2,
        )  # fmt: skip
        await run_publication(kit.publisher, kit.context(MemoryLedger()))
        assert kit.emulator.requests.count("refresh") == 0
        assert offsets(kit) == [0, CHUNK, CHUNK, 2 * CHUNK, 3 * CHUNK]
        assert len(kit.emulator.public_posts()) == 1


@pytest.mark.parametrize("shape", ["graph", "http429"])
async def test_a_long_rate_limit_ends_the_try_with_its_reset_time(
    tmp_path: Path, shape: str
) -> None:
    async with instagram(tmp_path) as kit:
        if shape == "graph":  # code 4 and the usage header's minutes
            kit.emulator.faults.throttled("media_create", code=4, regain_minutes=30)
        else:  # a bare 429 from a proxy, with Retry-After
            kit.emulator.faults.raw(
                "media_create", 429, "Too Many Requests", content_type="text/plain",
                headers={"Retry-After": "1800"},
            )  # fmt: skip
        ledger = MemoryLedger()
        with pytest.raises(PublishRateLimited) as raised:
            await run_publication(kit.publisher, kit.context(ledger))
        assert raised.value.retry_after_s == 1800
        assert kit.emulator.containers == []
        await run_publication(kit.publisher, kit.context(ledger))
        assert len(kit.emulator.public_posts()) == 1


async def test_a_5xx_mid_upload_resends_that_chunk_only(tmp_path: Path) -> None:
    async with instagram(tmp_path) as kit:
        kit.emulator.faults.server_error("rupload", 503, call=3)
        await run_publication(kit.publisher, kit.context(MemoryLedger()))
        assert kit.emulator.requests.statuses("rupload") == [200, 200, 503, 200, 200]
        assert kit.container.duplicate_bytes() == 0
        assert bytes(kit.container.data) == kit.data
        assert len(kit.emulator.public_posts()) == 1


async def test_a_chunk_stored_but_unanswered_is_the_only_one_sent_twice(tmp_path: Path) -> None:
    async with instagram(tmp_path) as kit:
        kit.emulator.faults.lost("rupload", call=2)
        await run_publication(kit.publisher, kit.context(MemoryLedger()))
        assert offsets(kit) == [0, CHUNK, CHUNK, 2 * CHUNK, 3 * CHUNK]
        assert kit.container.duplicate_bytes() == CHUNK
        assert bytes(kit.container.data) == kit.data


async def test_publish_answer_lost_after_publishing_is_reconciled(tmp_path: Path) -> None:
    async with instagram(tmp_path) as kit:
        kit.emulator.faults.lost("media_publish")
        ledger = MemoryLedger()
        with pytest.raises(OutcomeStillUnknown):
            await run_publication(kit.publisher, kit.context(ledger))
        assert ledger.state == PublicationState.OUTCOME_UNKNOWN
        post = await run_publication(kit.publisher, kit.context(ledger))
        (media,) = kit.emulator.public_posts(CAPTION)
        assert (post.post_id, post.url) == (media.id, media.permalink)
        assert kit.emulator.requests.count("media_publish") == 1  # never sent again
        assert ledger.history[-3:] == [
            PublicationState.PUBLISH_ATTEMPTED,
            PublicationState.OUTCOME_UNKNOWN,
            PublicationState.PUBLISHED,
        ]


@pytest.mark.parametrize("fault", ["server_error", "dropped"])
async def test_publish_failed_before_publishing_is_sent_again_after_reconcile(
    tmp_path: Path, fault: str
) -> None:
    async with instagram(tmp_path) as kit:
        getattr(kit.emulator.faults, fault)("media_publish")
        ledger = MemoryLedger()
        with pytest.raises(OutcomeStillUnknown):
            await run_publication(kit.publisher, kit.context(ledger))
        await run_publication(kit.publisher, kit.context(ledger))
        assert kit.emulator.requests.count("media_publish") == 2
        assert kit.container.publish_calls == 1  # the first one never reached it
        assert len(kit.emulator.public_posts()) == 1
        assert PublicationState.OUTCOME_UNKNOWN in ledger.history


async def test_reconcile_that_cannot_tell_stays_unknown(tmp_path: Path) -> None:
    async with instagram(tmp_path) as kit:
        kit.emulator.faults.lost("media_publish")
        ledger = MemoryLedger()
        with pytest.raises(OutcomeStillUnknown):
            await run_publication(kit.publisher, kit.context(ledger))
        kit.emulator.faults.server_error("object", times=20)
        with pytest.raises(OutcomeStillUnknown):
            await run_publication(kit.publisher, kit.context(ledger))
        assert ledger.state == PublicationState.OUTCOME_UNKNOWN
        kit.emulator.faults.clear()
        await run_publication(kit.publisher, kit.context(ledger))
        assert len(kit.emulator.public_posts()) == 1
        assert kit.emulator.requests.count("media_publish") == 1


@pytest.mark.parametrize("crash_after", range(1, SAVES + 1))
async def test_a_killed_worker_resumes_and_never_starts_over(
    tmp_path: Path, crash_after: int
) -> None:
    async with instagram(tmp_path) as kit:
        ledger = MemoryLedger(crash_after_saves=crash_after)
        state = await settle(kit.publisher, lambda: kit.context(ledger), ledger)
        assert state == PublicationState.PUBLISHED
        assert len(kit.emulator.containers) == 1  # never re-initialised
        assert offsets(kit) == [0, CHUNK, 2 * CHUNK, 3 * CHUNK]
        assert kit.container.duplicate_bytes() == 0
        assert kit.emulator.requests.count("media_publish") == 1
        assert len(kit.emulator.public_posts()) == 1


async def test_killed_after_an_unconfirmed_chunk_resends_only_that_chunk(tmp_path: Path) -> None:
    async with instagram(tmp_path) as kit:
        kit.emulator.faults.lost("rupload", call=3)  # the chunk at 100000, stored unanswered
        ledger = MemoryLedger(crash_after_saves=3)  # killed with 2 chunks confirmed
        state = await settle(kit.publisher, lambda: kit.context(ledger), ledger)
        assert state == PublicationState.PUBLISHED
        assert offsets(kit) == [0, CHUNK, 2 * CHUNK, 2 * CHUNK, 3 * CHUNK]
        assert kit.container.duplicate_bytes() == CHUNK
        assert len(kit.emulator.containers) == 1
        assert len(kit.emulator.public_posts()) == 1
