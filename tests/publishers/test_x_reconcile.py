"""The X reconciler: which post of the timeline is ours after an ambiguous commit."""

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from core.enums import PublicationState
from publishers.errors import OutcomeStillUnknown
from publishers.runner import run_publication
from publishers.x import XPublisher
from publishers.x.reconcile import posted_text, says
from tests.publishers.ledgers import MemoryLedger
from tests.publishers.x_rig import XRig, x_rig


@pytest.fixture
async def rig(tmp_path: Path) -> AsyncIterator[XRig]:
    async with x_rig(tmp_path) as made:
        yield made


def test_posted_text_undoes_what_x_did_to_it() -> None:
    tweet = {  # the shape X's docs show for a post with a link and a video
        "id": "1",
        "text": "Tea &amp; otters https://t.co/aaaa #otters https://t.co/bbbb",
        "entities": {
            "urls": [
                {"start": 17, "end": 34, "url": "https://t.co/aaaa",
                 "expanded_url": "https://example.com/tea?a=1&b=2"},
                {"start": 43, "end": 60, "url": "https://t.co/bbbb", "media_key": "7_9",
                 "expanded_url": "https://x.com/u/status/1/video/1"},
            ]
        },
    }  # fmt: skip

    assert posted_text(tweet) == "Tea & otters https://example.com/tea?a=1&b=2 #otters "
    assert says(tweet, "Tea & otters https://example.com/tea?a=1&b=2 #otters")
    assert not says(tweet, "Tea & otters #otters")


def test_a_long_post_is_read_from_note_tweet() -> None:
    tweet = {"id": "2", "text": "Long…", "note_tweet": {"text": "Long " + "o" * 300}}
    assert says(tweet, "Long " + "o" * 300)


async def lose_the_commit(rig: XRig, ledger: MemoryLedger) -> None:
    rig.emulator.faults.dropped("create_tweet")
    with pytest.raises(OutcomeStillUnknown):
        await run_publication(rig.publisher, rig.context(ledger))


async def test_our_media_with_another_text_is_not_claimed(rig: XRig) -> None:
    ledger = MemoryLedger()
    await lose_the_commit(rig, ledger)

    with pytest.raises(OutcomeStillUnknown, match="has our media, not our text"):
        await rig.publisher.reconcile(rig.context(ledger, "Another caption"))


async def test_our_text_without_our_media_is_not_ours(rig: XRig) -> None:
    rig.emulator.faults.server_error("create_tweet", 500)  # X did not post
    ledger = MemoryLedger()
    with pytest.raises(OutcomeStillUnknown):
        await run_publication(rig.publisher, rig.context(ledger))
    rig.emulator.user_posts(rig.context(ledger).draft.caption + " ")  # typed by hand

    assert await rig.publisher.reconcile(rig.context(ledger)) is None


async def test_the_timeline_is_read_page_by_page(rig: XRig) -> None:
    ledger = MemoryLedger()
    await lose_the_commit(rig, ledger)
    for index in range(120):  # the user kept posting after ours
        rig.emulator.user_posts(f"later post {index}")

    post = await rig.publisher.reconcile(rig.context(ledger))

    assert post is not None
    assert post.post_id == rig.emulator.posts[0].id
    pages = rig.emulator.requests.to("user_tweets")
    assert [r.param("pagination_token") for r in pages] == [None, "100"]
    assert pages[0].param("max_results") == "100"
    assert "attachments" in (pages[0].param("tweet.fields") or "")


async def test_too_many_posts_to_read_is_still_unknown(rig: XRig) -> None:
    ledger = MemoryLedger()
    await lose_the_commit(rig, ledger)
    for index in range(120):
        rig.emulator.user_posts(f"later post {index}")
    one_page = XPublisher(rig.emulator.base_url, clock=rig.emulator.now, reconcile_after_s=0,
                          reconcile_pages=1)  # fmt: skip

    with pytest.raises(OutcomeStillUnknown, match="more posts"):
        await one_page.reconcile(rig.context(ledger))
    assert ledger.state == PublicationState.OUTCOME_UNKNOWN
