"""A Reel published through the real adapter against the emulator: both ways of getting
the bytes there, the metadata that reaches Instagram, processing, and the publishing limit."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from core.enums import PublicationState
from publishers.errors import QuotaExhausted
from publishers.runner import run_publication
from tests.publishers.instagram_kit import CAPTION, instagram
from tests.publishers.ledgers import MemoryLedger

STEPS = [
    PublicationState.UPLOADING,
    PublicationState.PROCESSING,
    PublicationState.PUBLISH_ATTEMPTED,
    PublicationState.PUBLISHED,
]


async def test_resumable_upload_publishes_one_reel(tmp_path: Path) -> None:
    options: dict[str, bool | str] = {"share_to_feed": False, "thumb_offset": "1500"}
    async with instagram(tmp_path, options=options) as kit:
        ledger = MemoryLedger()
        post = await run_publication(kit.publisher, kit.context(ledger))
        ig = kit.emulator
        (media,) = ig.public_posts(CAPTION)
        assert post.post_id == media.id
        assert post.url == media.permalink
        assert ledger.history == STEPS
        assert ledger.values["post_id"] == media.id
        created = ig.requests.last("media_create")
        assert created.field_value("media_type") == "REELS"
        assert created.field_value("upload_type") == "resumable"
        assert created.field_value("caption") == CAPTION
        assert created.field_value("share_to_feed") == "false"
        assert created.field_value("thumb_offset") == "1500"
        assert created.header("authorization") == "<redacted>"
        container = kit.container
        assert bytes(container.data) == kit.data
        assert container.received == [(o, o + 50_000) for o in range(0, 200_000, 50_000)]
        assert container.publish_calls == 1
        uploads = ig.requests.to("rupload")
        assert [r.header("offset") for r in uploads] == ["0", "50000", "100000", "150000"]
        assert {r.header("file_size") for r in uploads} == {"200000"}


async def test_pull_from_url_publishes_one_reel(tmp_path: Path) -> None:
    async with instagram(tmp_path, pull=True) as kit:
        ledger = MemoryLedger()
        post = await run_publication(kit.publisher, kit.context(ledger))
        ig = kit.emulator
        (media,) = ig.public_posts(CAPTION)
        assert post.post_id == media.id
        created = ig.requests.last("media_create")
        assert created.field_value("video_url") == kit.video.public_url
        assert created.field_value("upload_type") is None
        assert ig.requests.count("rupload") == 0
        assert len(kit.files.fetches) == 1
        assert bytes(kit.container.data) == kit.data
        assert ledger.history == STEPS[1:]


async def test_processing_that_takes_several_polls(tmp_path: Path) -> None:
    async with instagram(tmp_path, processing_polls=6) as kit:
        await run_publication(kit.publisher, kit.context(MemoryLedger()))
        polls = kit.emulator.requests.to("object")
        assert len([r for r in polls if "status_code" in (r.param("fields") or "")]) == 7
        assert len(kit.emulator.public_posts()) == 1


async def test_processing_too_slow_for_one_try_resumes_polling(tmp_path: Path) -> None:
    async with instagram(tmp_path, processing_polls=15) as kit:
        ledger = MemoryLedger()
        with pytest.raises(Exception, match="still processing"):
            await run_publication(kit.publisher, kit.context(ledger))
        assert ledger.state == PublicationState.PROCESSING
        await run_publication(kit.publisher, kit.context(ledger))
        assert len(kit.emulator.containers) == 1
        assert kit.emulator.requests.count("rupload") == 4  # never sent again
        assert len(kit.emulator.public_posts()) == 1


async def test_a_file_instagram_cannot_process_fails_for_good(tmp_path: Path) -> None:
    async with instagram(tmp_path) as kit:
        kit.emulator.fail_next_processing()
        ledger = MemoryLedger()
        with pytest.raises(Exception, match="2207026"):
            await run_publication(kit.publisher, kit.context(ledger))
        assert ledger.state == PublicationState.FAILED
        assert ledger.values["error_key"] == "error-publish-rejected"
        assert kit.emulator.public_posts() == []
        assert kit.emulator.requests.count("media_publish") == 0


async def test_a_failed_pull_gets_a_new_container(tmp_path: Path) -> None:
    async with instagram(tmp_path, pull=True) as kit:
        kit.files.fail_next = 1
        ledger = MemoryLedger()
        with pytest.raises(Exception, match="2207052"):
            await run_publication(kit.publisher, kit.context(ledger))
        assert ledger.get("ig_container_id") is None
        await run_publication(kit.publisher, kit.context(ledger))
        first, second = kit.emulator.containers
        assert first.publish_calls == 0
        assert second.media_id is not None
        assert len(kit.emulator.public_posts()) == 1


async def test_an_expired_container_is_replaced(tmp_path: Path) -> None:
    async with instagram(tmp_path, processing_polls=15) as kit:
        ledger = MemoryLedger()
        with pytest.raises(Exception, match="still processing"):
            await run_publication(kit.publisher, kit.context(ledger))
        kit.emulator.advance(hours=25)
        with pytest.raises(Exception, match="EXPIRED"):
            await run_publication(kit.publisher, kit.context(ledger))
        kit.emulator.world.processing_polls = 1
        await run_publication(kit.publisher, kit.context(ledger))
        assert len(kit.emulator.containers) == 2
        assert len(kit.emulator.public_posts()) == 1


async def test_quota_exhausted_waits_for_the_next_slot(tmp_path: Path) -> None:
    async with instagram(tmp_path, quota_total=5) as kit:
        kit.emulator.advance(hours=-3)
        kit.emulator.exhaust_quota()
        kit.emulator.advance(hours=3)
        frees_at = kit.emulator.clock.now() + timedelta(hours=21)
        ledger = MemoryLedger()
        with pytest.raises(QuotaExhausted) as raised:
            await run_publication(kit.publisher, kit.context(ledger))
        assert raised.value.retry_at == frees_at
        assert raised.value.key == "error-publish-quota"
        assert kit.emulator.containers == []  # checked before a container is made
        assert ledger.state == PublicationState.QUEUED
        kit.emulator.advance(hours=21, seconds=1)
        await run_publication(kit.publisher, kit.context(ledger))
        assert len(kit.emulator.public_posts(CAPTION)) == 1


async def test_quota_filled_between_check_and_commit(tmp_path: Path) -> None:
    async with instagram(tmp_path, quota_total=3) as kit:
        ledger = MemoryLedger()
        kit.emulator.faults.graph(  # another app posted after our check
            "media_publish", 9, "You reached maximum number of posts", subcode=2207042
        )
        with pytest.raises(QuotaExhausted):
            await run_publication(kit.publisher, kit.context(ledger))
        assert ledger.state == PublicationState.PROCESSING  # refused: may be sent again
        await run_publication(kit.publisher, kit.context(ledger))
        assert kit.emulator.requests.statuses("media_publish") == [400, 200]
        assert kit.emulator.requests.count("publishing_limit") == 2  # the slot, asked again
        assert len(kit.emulator.public_posts()) == 1
