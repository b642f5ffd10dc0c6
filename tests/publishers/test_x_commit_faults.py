"""The commit (`POST /2/tweets`, no idempotency key) failing in every ambiguous way: the
post is made at most once, and what happened is settled by the account's timeline, never by
posting again."""

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from core.enums import PublicationState
from publishers.errors import OutcomeStillUnknown
from publishers.runner import run_publication
from tests.publishers.fault_runs import settle
from tests.publishers.ledgers import MemoryLedger
from tests.publishers.x_rig import XRig, x_rig

S = PublicationState


@pytest.fixture
async def rig(tmp_path: Path) -> AsyncIterator[XRig]:
    async with x_rig(tmp_path) as made:
        yield made


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
        post = await run_publication(rig.publisher, rig.context(ledger))

        [tweet] = rig.emulator.posts
        assert post.post_id == tweet.id
        assert ledger.history[-2:] == [S.OUTCOME_UNKNOWN, S.PUBLISHED]


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

        post = await run_publication(rig.publisher, rig.context(ledger))

        [tweet] = rig.emulator.posts
        assert post.post_id == tweet.id
        assert ledger.history[-2:] == [S.OUTCOME_UNKNOWN, S.PUBLISHED]
