"""Faults on the upload and X's limits, injected into the X emulator while the real
publisher runs: what is safe to retry is retried (only the failed segment), a 429 waits
for X's reset or goes back to the job, a quota says when it resets, a definite no fails."""

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from core.enums import PublicationState
from publishers.errors import PublishRateLimited, QuotaExhausted, ReconnectRequired
from publishers.runner import run_publication
from tests.publishers.fault_runs import settle
from tests.publishers.ledgers import MemoryLedger
from tests.publishers.x_rig import CAPTION, XRig, x_rig

S = PublicationState


@pytest.fixture
async def rig(tmp_path: Path) -> AsyncIterator[XRig]:
    async with x_rig(tmp_path) as made:
        yield made


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
    # x-rate-limit-reset is whole epoch seconds, and a busy machine may take a second more.
    assert 898 <= caught.value.retry_after_s <= 901
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


async def test_an_injected_answer_reaches_the_adapter_as_x_sent_it(rig: XRig) -> None:
    body = {"title": "Forbidden", "detail": "Unsupported Authentication", "status": 403,
            "type": "https://api.twitter.com/2/problems/unsupported-authentication"}  # fmt: skip
    rig.emulator.faults.inject("initialize", call=1, status=403, body=body, delay=0.01)

    with pytest.raises(ReconnectRequired, match="Unsupported Authentication"):
        await run_publication(rig.publisher, rig.context(MemoryLedger()))
    assert rig.emulator.requests.last("initialize").fault == "injected"
