"""The X publisher against the X emulator: the happy path, and a publication that resumes
after a killed worker without uploading any acknowledged segment again."""

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from core.enums import PublicationState
from publishers.runner import run_publication
from tests.publishers.fault_runs import settle
from tests.publishers.ledgers import LedgerCrash, MemoryLedger
from tests.publishers.x_rig import CAPTION, XRig, x_rig

S = PublicationState


@pytest.fixture
async def rig(tmp_path: Path) -> AsyncIterator[XRig]:
    async with x_rig(tmp_path) as made:
        yield made


async def test_publishes_the_video_with_its_text_once(rig: XRig) -> None:
    ledger = MemoryLedger()

    post = await run_publication(rig.publisher, rig.context(ledger))

    emulator = rig.emulator
    [tweet] = emulator.posts
    assert post.post_id == tweet.id
    assert post.url == f"https://x.com/i/web/status/{tweet.id}"
    assert tweet.written_text == CAPTION
    assert tweet.made_with_ai is True
    [media_id] = tweet.media_ids
    assert emulator.media(media_id).content() == rig.file_bytes()
    assert emulator.requests.last("create_tweet").json == {
        "text": CAPTION,
        "media": {"media_ids": [media_id]},
        "made_with_ai": True,
    }
    assert emulator.requests.last("initialize").json == {
        "media_type": "video/mp4",
        "total_bytes": rig.video.size,
        "media_category": "tweet_video",
    }
    assert ledger.history == [S.UPLOADING, S.PROCESSING, S.PUBLISH_ATTEMPTED, S.PUBLISHED]
    assert ledger.get("post_id") == tweet.id


async def test_segments_go_in_order_in_small_pieces(rig: XRig) -> None:
    await run_publication(rig.publisher, rig.context(MemoryLedger()))

    [media] = rig.emulator.state.media.values()
    assert [index for index, _ in media.appends] == [0, 1, 2, 3, 4]
    assert [size for _, size in media.appends] == [65_536] * 4 + [300_000 - 4 * 65_536]
    assert all(r.header("authorization") == "<redacted>" for r in rig.emulator.requests)


async def test_processing_is_polled_after_check_after_secs(tmp_path: Path) -> None:
    async with x_rig(tmp_path, processing_polls=5, check_after_secs=4) as rig:
        await run_publication(rig.publisher, rig.context(MemoryLedger()))

        assert rig.emulator.requests.count("status") == 5
        assert rig.sleeps.waits == [4.0] * 5
        [status] = [r for r in rig.emulator.requests.to("status")][-1:]
        assert status.query == {
            "command": ["STATUS"],
            "media_id": [rig.emulator.posts[0].media_ids[0]],
        }


async def test_media_that_fails_processing_fails_the_publication(rig: XRig) -> None:
    rig.emulator.media_api.fail_processing = True
    ledger = MemoryLedger()

    state = await settle(rig.publisher, lambda: rig.context(ledger), ledger)

    assert state == S.FAILED
    assert ledger.get("error_key") == "error-publish-rejected"
    assert rig.emulator.posts == []


@pytest.mark.parametrize("crash_after", [1, 2, 4, 6, 7])
async def test_a_killed_upload_resumes_at_the_next_segment(rig: XRig, crash_after: int) -> None:
    ledger = MemoryLedger(crash_after_saves=crash_after)

    with pytest.raises(LedgerCrash):
        await run_publication(rig.publisher, rig.context(ledger))
    await run_publication(rig.publisher, rig.context(ledger))

    emulator = rig.emulator
    assert emulator.requests.count("initialize") == 1
    [media] = emulator.state.media.values()
    indexes = [index for index, _ in media.appends]
    assert indexes == sorted(set(indexes)), "a segment X acknowledged was sent again"
    assert media.content() == rig.file_bytes()
    assert len(emulator.posts_with_media(media.id)) == 1
    assert ledger.state == S.PUBLISHED


async def test_a_media_id_near_its_expiry_is_uploaded_again(rig: XRig) -> None:
    ledger = MemoryLedger(crash_after_saves=3)
    with pytest.raises(LedgerCrash):
        await run_publication(rig.publisher, rig.context(ledger))
    rig.emulator.advance(86_400 - 1800)  # within the hour before the media expires

    await run_publication(rig.publisher, rig.context(ledger))

    assert rig.emulator.requests.statuses("initialize") == [200, 401, 200]  # 2 h: a refresh
    assert rig.credentials.refreshes == 1
    [tweet] = rig.emulator.posts
    assert rig.emulator.media(tweet.media_ids[0]).content() == rig.file_bytes()


async def test_a_worker_killed_waiting_for_a_segment_resends_only_that_one(rig: XRig) -> None:
    rig.emulator.faults.hung("append", call=3)  # X stores segment 2, the worker never hears
    ledger = MemoryLedger()
    first_try = asyncio.create_task(run_publication(rig.publisher, rig.context(ledger)))
    await rig.emulator.hanging.wait()
    first_try.cancel()  # the worker is killed
    with pytest.raises(asyncio.CancelledError):
        await first_try
    assert ledger.get("x_last_segment") == 1

    await run_publication(rig.publisher, rig.context(ledger))

    [media] = rig.emulator.state.media.values()
    assert [index for index, _ in media.appends] == [0, 1, 2, 2, 3, 4]  # 2 was unconfirmed
    assert rig.emulator.requests.count("initialize") == 1
    assert media.content() == rig.file_bytes()
    assert len(rig.emulator.posts_with_media(media.id)) == 1
