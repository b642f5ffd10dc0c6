"""Each fault issue 11 names, injected into the X emulator while the real publisher runs:
the upload survives what is safe to retry, the post is made once, and an ambiguous commit is
settled by reading the timeline, never by posting again."""

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from core.enums import PublicationState
from publishers.errors import (
    OutcomeStillUnknown,
    PublishRateLimited,
    QuotaExhausted,
    ReconnectRequired,
)
from publishers.runner import run_publication
from tests.publishers.fault_runs import settle
from tests.publishers.ledgers import MemoryLedger
from tests.publishers.x_rig import CAPTION, XRig, x_rig

S = PublicationState


@pytest.fixture
async def rig(tmp_path: Path) -> AsyncIterator[XRig]:
    async with x_rig(tmp_path) as made:
        yield made


async def test_token_expiring_mid_upload_is_refreshed_once(rig: XRig) -> None:
    rig.emulator.expired_token_fault("append", call=3)
    old_refresh = rig.credentials.tokens.refresh_token

    await run_publication(rig.publisher, rig.context(MemoryLedger()))

    emulator = rig.emulator
    assert rig.credentials.refreshes == 1
    assert rig.credentials.tokens.refresh_token != old_refresh  # rotated, the new one kept
    assert emulator.requests.count("initialize") == 1
    assert emulator.requests.statuses("append") == [200, 200, 401, 200, 200, 200]
    [tweet] = emulator.posts
    assert emulator.media(tweet.media_ids[0]).content() == rig.file_bytes()


async def test_a_refresh_token_rotated_elsewhere_needs_a_reconnect(rig: XRig) -> None:
    rig.emulator.rotate_behind_back()  # another refresher won; ours is dead now
    rig.emulator.expired_token_fault("finalize")
    ledger = MemoryLedger()

    with pytest.raises(ReconnectRequired):
        await run_publication(rig.publisher, rig.context(ledger))

    assert rig.emulator.requests.last("token").status == 400
    assert rig.emulator.posts == []
    assert ledger.state == S.UPLOADING  # resumable once the account is connected again


async def test_a_revoked_app_needs_a_reconnect(rig: XRig) -> None:
    rig.emulator.revoke_app()
    with pytest.raises(ReconnectRequired):
        await run_publication(rig.publisher, rig.context(MemoryLedger()))
    assert rig.emulator.posts == []


async def test_429_on_a_segment_waits_for_the_reset_and_goes_on(rig: XRig) -> None:
    rig.emulator.faults.rate_limited("append", reset_in=20, call=2)

    await run_publication(rig.publisher, rig.context(MemoryLedger()))

    assert rig.emulator.requests.statuses("append") == [200, 429, 200, 200, 200, 200]
    assert any(19 <= wait <= 21 for wait in rig.sleeps.waits)
    assert len(rig.emulator.posts) == 1


async def test_429_on_the_post_is_not_waited_out_inline(rig: XRig) -> None:
    rig.emulator.faults.rate_limited("create_tweet", reset_in=900)
    ledger = MemoryLedger()

    with pytest.raises(PublishRateLimited) as caught:
        await run_publication(rig.publisher, rig.context(ledger))

    assert caught.value.retry_after_s is not None
    assert 899 <= caught.value.retry_after_s <= 901
    assert ledger.state == S.PROCESSING  # X refused before acting: the commit may go again
    await run_publication(rig.publisher, rig.context(ledger))
    assert rig.emulator.requests.count("initialize") == 1
    assert len(rig.emulator.posts) == 1


async def test_a_5xx_mid_upload_resends_only_that_segment(rig: XRig) -> None:
    rig.emulator.faults.server_error("append", 503, call=3)

    await run_publication(rig.publisher, rig.context(MemoryLedger()))

    [media] = rig.emulator.state.media.values()
    assert [index for index, _ in media.appends] == [0, 1, 2, 3, 4]
    assert rig.emulator.requests.statuses("append") == [200, 200, 503, 200, 200, 200]
    assert len(rig.emulator.posts_with_media(media.id)) == 1


async def test_a_lost_segment_answer_repeats_only_that_segment(rig: XRig) -> None:
    rig.emulator.faults.dropped("append", call=2)

    await run_publication(rig.publisher, rig.context(MemoryLedger()))

    [media] = rig.emulator.state.media.values()
    assert [index for index, _ in media.appends] == [0, 1, 1, 2, 3, 4]
    assert media.content() == rig.file_bytes()


@pytest.mark.parametrize("lose", ["dropped", "answer_lost"])
async def test_a_post_whose_answer_was_lost_is_found_not_repeated(rig: XRig, lose: str) -> None:
    getattr(rig.emulator.faults, lose)("create_tweet")
    ledger = MemoryLedger()

    with pytest.raises(OutcomeStillUnknown):
        await run_publication(rig.publisher, rig.context(ledger))
    assert ledger.state == S.OUTCOME_UNKNOWN
    post = await run_publication(rig.publisher, rig.context(ledger))

    [tweet] = rig.emulator.posts
    assert post.post_id == tweet.id
    assert rig.emulator.requests.count("create_tweet") == 1
    assert rig.emulator.requests.count("user_tweets") == 1
    assert ledger.history[-3:] == [S.PUBLISH_ATTEMPTED, S.OUTCOME_UNKNOWN, S.PUBLISHED]


async def test_a_post_that_failed_before_acting_is_sent_again_after_reconcile(rig: XRig) -> None:
    rig.emulator.faults.server_error("create_tweet", 500)
    ledger = MemoryLedger()

    state = await settle(rig.publisher, lambda: rig.context(ledger), ledger)

    assert state == S.PUBLISHED
    assert rig.emulator.requests.statuses("create_tweet") == [500, 201]
    assert rig.emulator.requests.count("user_tweets") == 1  # looked first: absent
    assert rig.emulator.requests.count("initialize") == 1  # the media was reused
    assert len(rig.emulator.posts) == 1


async def test_reconcile_matches_the_text_x_rewrote(tmp_path: Path) -> None:
    caption = "Otters & friends <3 https://example.com/otters?a=1&b=2 #otters"
    async with x_rig(tmp_path) as rig:
        rig.emulator.faults.dropped("create_tweet")
        ledger = MemoryLedger()
        state = await settle(rig.publisher, lambda: rig.context(ledger, caption), ledger)

        [tweet] = rig.emulator.posts
        assert "&amp;" in tweet.text
        assert "https://t.co/" in tweet.text
        assert state == S.PUBLISHED
        assert ledger.get("post_id") == tweet.id


async def test_the_timeline_is_not_trusted_right_after_the_commit(tmp_path: Path) -> None:
    async with x_rig(tmp_path, timeline_lag_s=30) as rig:
        rig.publisher = type(rig.publisher)(
            rig.emulator.base_url, segment_size=64 * 1024, clock=rig.emulator.now,
            reconcile_after_s=45,
        )  # fmt: skip
        rig.emulator.faults.dropped("create_tweet")
        ledger = MemoryLedger()
        with pytest.raises(OutcomeStillUnknown):
            await run_publication(rig.publisher, rig.context(ledger))

        with pytest.raises(OutcomeStillUnknown, match="too early"):
            await run_publication(rig.publisher, rig.context(ledger))
        rig.emulator.advance(60)
        await run_publication(rig.publisher, rig.context(ledger))

        assert ledger.state == S.PUBLISHED
        assert len(rig.emulator.posts) == 1


async def test_the_daily_post_cap_is_a_quota_with_its_reset(rig: XRig) -> None:
    rig.emulator.exhaust_daily_quota()
    ledger = MemoryLedger()

    with pytest.raises(QuotaExhausted) as caught:
        await run_publication(rig.publisher, rig.context(ledger))

    expected = datetime.fromtimestamp(int(rig.emulator.now()) + 86_400, UTC)
    assert abs((caught.value.retry_at - expected).total_seconds()) <= 2
    assert ledger.state == S.PROCESSING
    assert rig.emulator.requests.count("create_tweet") == 1  # not retried inline
    assert rig.emulator.posts == []


async def test_a_usage_capped_app_is_a_quota(rig: XRig) -> None:
    rig.emulator.tweets_api.usage_capped = True
    with pytest.raises(QuotaExhausted, match="UsageCapExceeded"):
        await run_publication(rig.publisher, rig.context(MemoryLedger()))


async def test_duplicate_text_is_a_definite_no(rig: XRig) -> None:
    await run_publication(rig.publisher, rig.context(MemoryLedger()))
    second = MemoryLedger()

    state = await settle(rig.publisher, lambda: rig.context(second), second)

    assert state == S.FAILED
    assert second.get("error_key") == "error-publish-rejected"
    assert len(rig.emulator.posts_saying(CAPTION)) == 1


async def test_a_lost_refresh_answer_loses_the_account(rig: XRig) -> None:
    """X rotated the refresh token, but its answer never came: the token in hand is dead.
    Nothing can recover this but a reconnect; nothing is posted twice either."""
    rig.emulator.expired_token_fault("append", call=2)
    rig.emulator.faults.dropped("token")
    ledger = MemoryLedger()

    state = await settle(rig.publisher, lambda: rig.context(ledger), ledger)

    assert state == S.UPLOADING
    assert rig.emulator.requests.statuses("token")[-1] == 400
    assert rig.emulator.posts == []


async def test_an_injected_answer_reaches_the_adapter_as_x_sent_it(rig: XRig) -> None:
    body = {"title": "Forbidden", "detail": "Unsupported Authentication", "status": 403,
            "type": "https://api.twitter.com/2/problems/unsupported-authentication"}  # fmt: skip
    rig.emulator.faults.inject("initialize", call=1, status=403, body=body, delay=0.01)

    with pytest.raises(ReconnectRequired, match="Unsupported Authentication"):
        await run_publication(rig.publisher, rig.context(MemoryLedger()))
    assert rig.emulator.requests.last("initialize").fault == "injected"


async def test_a_worker_killed_during_the_post_is_reconciled(rig: XRig) -> None:
    rig.emulator.faults.hung("create_tweet")  # X posts, the answer never comes
    ledger = MemoryLedger()
    first_try = asyncio.create_task(run_publication(rig.publisher, rig.context(ledger)))
    await rig.emulator.hanging.wait()
    first_try.cancel()
    with pytest.raises(asyncio.CancelledError):
        await first_try
    assert ledger.state == S.PUBLISH_ATTEMPTED

    post = await run_publication(rig.publisher, rig.context(ledger))

    [tweet] = rig.emulator.posts
    assert post.post_id == tweet.id
    assert rig.emulator.requests.count("create_tweet") == 1
    assert ledger.history[-3:] == [S.PUBLISH_ATTEMPTED, S.OUTCOME_UNKNOWN, S.PUBLISHED]


async def test_a_duplicate_refusal_after_an_unseen_post_is_asked_again(tmp_path: Path) -> None:
    """The timeline lagged behind our lost post, so the reconciler said absent and the post
    went again: X refuses the duplicate, and the timeline settles it once it shows the post."""
    async with x_rig(tmp_path, timeline_lag_s=120) as rig:
        rig.emulator.faults.dropped("create_tweet")
        ledger = MemoryLedger()
        for _ in range(2):  # the lost post, then absent on the timeline and 403 duplicate
            with pytest.raises(OutcomeStillUnknown):
                await run_publication(rig.publisher, rig.context(ledger))
        assert rig.emulator.requests.statuses("create_tweet")[-1] == 403
        assert ledger.state == S.OUTCOME_UNKNOWN
        rig.emulator.advance(150)

        await run_publication(rig.publisher, rig.context(ledger))

        assert ledger.state == S.PUBLISHED
        assert len(rig.emulator.posts) == 1
