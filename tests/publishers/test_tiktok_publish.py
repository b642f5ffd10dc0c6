"""The TikTok publisher against its emulator: the happy path, what reaches TikTok, the
choices the user must make, creator_info, PULL_FROM_URL."""

from pathlib import Path

import pytest

from core.enums import PublicationState
from publishers.base import PublishContext
from publishers.errors import PublishRejected
from publishers.runner import run_publication
from publishers.tiktok import TikTokPublisher
from publishers.tiktok.chunks import MIB, plan_chunks
from tests.emulators.tiktok import Delays
from tests.publishers.fault_runs import settle
from tests.publishers.ledgers import MemoryLedger
from tests.publishers.tiktok_rig import CHUNK, VIDEO_BYTES, make_draft, tiktok_rig


async def test_publish_uploads_in_chunks_and_waits_for_the_post(tmp_path: Path) -> None:
    async with tiktok_rig(tmp_path) as rig:
        ledger = MemoryLedger()
        draft = make_draft(options={"allow_comment": True, "brand_organic": True})
        post = await run_publication(rig.publisher, rig.context(ledger, draft))

        tiktok = rig.emulator
        assert tiktok.posts() == [int(post.post_id)]
        assert post.url == f"https://www.tiktok.com/@creator.one/video/{post.post_id}"
        init = tiktok.to("init")[0].json
        assert init["post_info"] == {
            "title": draft.caption, "privacy_level": "PUBLIC_TO_EVERYONE",
            "disable_comment": False, "disable_duet": True, "disable_stitch": True,
            "brand_content_toggle": False, "brand_organic_toggle": True, "is_aigc": True,
        }  # fmt: skip
        assert init["source_info"] == {
            "source": "FILE_UPLOAD", "video_size": VIDEO_BYTES, "chunk_size": CHUNK,
            "total_chunk_count": 4,
        }  # fmt: skip
        publish_id = str(ledger.get("tiktok_publish_id"))
        assert tiktok.stored_bytes(publish_id) == rig.content
        assert [r.content_range for r in tiktok.to("upload")] == [
            f"bytes 0-65535/{VIDEO_BYTES}", f"bytes 65536-131071/{VIDEO_BYTES}",
            f"bytes 131072-196607/{VIDEO_BYTES}", f"bytes 196608-{VIDEO_BYTES - 1}/{VIDEO_BYTES}",
        ]  # fmt: skip
        assert [r.status for r in tiktok.to("upload")] == [206, 206, 206, 201]
        # Processing took several polls, and the public id came after PUBLISH_COMPLETE.
        assert len(tiktok.to("status")) > 3
        assert ledger.state == PublicationState.PUBLISHED
        assert ledger.history == [
            PublicationState.UPLOADING, PublicationState.PUBLISH_ATTEMPTED,
            PublicationState.PROCESSING, PublicationState.PUBLISHED,
        ]  # fmt: skip


async def test_a_post_whose_link_cannot_be_learned_stands_without_one(tmp_path: Path) -> None:
    async with tiktok_rig(tmp_path) as rig:
        rig.emulator.faults.error("creator_info", 500, "internal_error", times=10)
        ledger = MemoryLedger()
        post = await run_publication(rig.publisher, rig.context(ledger))

        assert (post.url, ledger.state) == (None, PublicationState.PUBLISHED)
        assert rig.emulator.posts() == [int(post.post_id)]
        assert len(rig.emulator.to("init")) == 1
        assert rig.emulator.to("creator_info")  # asked, refused: the post stands


async def test_the_last_chunk_is_the_commit_and_publish_attempted_is_saved_before_it(
    tmp_path: Path,
) -> None:
    async with tiktok_rig(tmp_path) as rig:
        ledger = MemoryLedger()
        rig.emulator.faults.side_effect("upload", lambda: seen.append(ledger.state), at=4)
        seen: list[PublicationState] = []
        await run_publication(rig.publisher, rig.context(ledger))
        assert seen == [PublicationState.PUBLISH_ATTEMPTED]
        assert ledger.get("tiktok_upload_url") is not None


async def test_a_draft_without_privacy_is_refused_before_any_call(tmp_path: Path) -> None:
    async with tiktok_rig(tmp_path) as rig:
        ledger = MemoryLedger()
        with pytest.raises(PublishRejected, match="privacy"):
            await run_publication(rig.publisher, rig.context(ledger, make_draft(privacy=None)))
        assert ledger.state == PublicationState.FAILED
        assert rig.emulator.requests == []


async def test_a_privacy_level_the_creator_lacks_is_a_definite_no(tmp_path: Path) -> None:
    async with tiktok_rig(tmp_path) as rig:
        rig.emulator.state.users["open.creator1"].privacy_options = ("SELF_ONLY",)
        ledger = MemoryLedger()
        with pytest.raises(PublishRejected, match="privacy_level_option_mismatch"):
            await run_publication(rig.publisher, rig.context(ledger))
        assert ledger.state == PublicationState.FAILED
        assert rig.emulator.posts() == []


async def test_creator_info_is_typed_for_the_post_screen(tmp_path: Path) -> None:
    async with tiktok_rig(tmp_path) as rig:
        user = rig.emulator.state.users["open.creator1"]
        user.privacy_options, user.duet_disabled, user.max_duration_s = ("SELF_ONLY",), True, 180
        info = await rig.publisher.creator_info(
            rig.http, rig.credentials, sleep=rig.emulator.sleep
        )
        assert info.nickname == "Creator One"
        assert info.privacy_level_options == ("SELF_ONLY",)
        assert (info.comment_disabled, info.duet_disabled, info.stitch_disabled) == (
            False, True, False,
        )  # fmt: skip
        assert info.max_video_post_duration_sec == 180
        assert info.can_post(179.5)
        assert not info.can_post(181)


async def test_pull_from_url_sends_no_bytes_and_the_init_is_the_commit(tmp_path: Path) -> None:
    url = "https://media.example.com/s/short.mp4?sig=abc"
    async with tiktok_rig(tmp_path, public_url=url) as rig:
        ledger = MemoryLedger()
        post = await run_publication(rig.publisher, rig.context(ledger))
        assert rig.emulator.posts() == [int(post.post_id)]
        assert rig.emulator.to("init")[0].json["source_info"] == {
            "source": "PULL_FROM_URL", "video_url": url,
        }  # fmt: skip
        assert rig.emulator.to("upload") == []
        assert ledger.history[0] == PublicationState.PUBLISH_ATTEMPTED


def test_chunk_plan_follows_tiktoks_rules() -> None:
    assert plan_chunks(3 * MIB).count == 1
    assert plan_chunks(3 * MIB).chunk_size == 3 * MIB  # under 5 MB: one chunk, the whole file
    assert plan_chunks(8 * MIB).count == 1  # fits one chunk
    big = plan_chunks(35 * MIB + 123)
    assert (big.chunk_size, big.count) == (10 * MIB, 3)  # floor(size / chunk_size)
    assert big.bounds(2) == (20 * MIB, 35 * MIB + 122)  # the last chunk takes the remainder
    huge = plan_chunks(20_000 * MIB)
    assert huge.count <= 1000
    assert huge.video_size - (huge.count - 1) * huge.chunk_size < 2 * huge.chunk_size


async def test_a_lost_pull_init_is_found_among_the_recent_videos(tmp_path: Path) -> None:
    url = "https://media.example.com/s/short.mp4?sig=abc"
    async with tiktok_rig(tmp_path, public_url=url) as rig:
        # POST is not resent by aiohttp itself: one drop reaches the adapter.
        rig.emulator.faults.drop("init", at=1, times=1)
        ledger = MemoryLedger()

        def next_try() -> PublishContext:
            rig.emulator.advance(15)
            return rig.context(ledger)

        assert await settle(rig.publisher, next_try, ledger) == PublicationState.PUBLISHED
        assert PublicationState.OUTCOME_UNKNOWN in ledger.history
        assert [r.status for r in rig.emulator.to("init")] == [0]  # never sent again
        [post_id] = rig.emulator.posts()
        assert ledger.get("post_id") == str(post_id)
        assert rig.emulator.to("video_list")


async def test_the_bench_mode_publishes_on_the_real_clock(tmp_path: Path) -> None:
    delays = Delays(request_s=0.001)
    async with tiktok_rig(tmp_path, delays=delays, processing_s=0.05, moderation_s=0.0) as rig:
        rig.publisher = TikTokPublisher(
            rig.emulator.settings(), chunk_size=CHUNK, min_chunk_size=CHUNK, poll_interval_s=0.02
        )
        ledger = MemoryLedger()
        post = await run_publication(rig.publisher, rig.context(ledger))
        assert rig.emulator.posts() == [int(post.post_id)]
