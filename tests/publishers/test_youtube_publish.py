"""The YouTube publisher against the emulator on the happy paths: what reaches YouTube, the
chunks it sends, processing polls, a schedule left to YouTube (`publishAt`)."""

from datetime import timedelta
from pathlib import Path

import pytest

from core.enums import PublicationState
from publishers.base import PostDraft
from publishers.errors import PublishRejected
from publishers.runner import run_publication
from publishers.youtube import shorts_url
from tests.publishers.ledgers import MemoryLedger
from tests.publishers.youtube_env import CHUNK, youtube_env


async def test_publish_sends_the_shorts_metadata_and_every_byte_once(tmp_path: Path) -> None:
    draft = PostDraft("Octopus facts", "Eight arms, three hearts #Shorts #ocean", privacy="public",
                      made_for_kids=False, ai_generated=True)  # fmt: skip
    async with youtube_env(tmp_path, draft=draft, processing_polls=0) as env:
        ledger = MemoryLedger()
        post = await run_publication(env.publisher, env.context(ledger))
        start = env.emulator.requests.last("upload_start")
        chunks = env.emulator.chunk_requests()
        stored = env.stored_bytes()
        posts = env.emulator.posts_titled("Octopus facts")
    assert post.url == shorts_url(post.post_id)
    assert ledger.state == PublicationState.PUBLISHED
    assert ledger.get("post_id") == post.post_id
    assert start.json["snippet"] == {
        "title": "Octopus facts", "description": "Eight arms, three hearts #Shorts #ocean",
        "tags": ["Shorts", "ocean"], "categoryId": "22",
    }  # fmt: skip
    assert start.json["status"] == {
        "privacyStatus": "public", "selfDeclaredMadeForKids": False,
        "containsSyntheticMedia": True,
    }  # fmt: skip
    assert start.header("X-Upload-Content-Length") == str(env.video.size)
    assert start.param("uploadType") == "resumable"
    assert [c.notes["range"] for c in chunks] == [
        (0, CHUNK - 1), (CHUNK, 2 * CHUNK - 1), (2 * CHUNK, 3 * CHUNK - 1),
        (3 * CHUNK, env.video.size - 1),
    ]  # fmt: skip
    assert all(c.header("Authorization") == "<redacted>" for c in chunks)
    assert stored == env.video.path.read_bytes()
    assert posts == 1
    assert ledger.history == [
        PublicationState.UPLOADING,
        PublicationState.PUBLISH_ATTEMPTED,
        PublicationState.PUBLISHED,
    ]


async def test_publish_waits_for_processing_over_several_polls(tmp_path: Path) -> None:
    async with youtube_env(tmp_path, processing_polls=4) as env:
        ledger = MemoryLedger()
        await run_publication(env.publisher, env.context(ledger))
        polls = env.emulator.requests.to("videos")
    assert ledger.state == PublicationState.PUBLISHED
    assert len(polls) == 5  # four "processing", then "succeeded"
    assert {p.param("part") for p in polls} == {"status,processingDetails"}


async def test_processing_failure_fails_the_publication_without_a_post(tmp_path: Path) -> None:
    async with youtube_env(tmp_path, processing_polls=1) as env:
        env.emulator.channel.fail_next_processing = True
        ledger = MemoryLedger()
        with pytest.raises(PublishRejected, match="processing failed"):
            await run_publication(env.publisher, env.context(ledger))
        posts = env.emulator.posts_titled(env.draft.title)
    assert ledger.state == PublicationState.FAILED
    assert posts == 0


async def test_a_scheduled_short_is_uploaded_private_and_youtube_publishes_it(
    tmp_path: Path,
) -> None:
    async with youtube_env(tmp_path) as env:
        due = env.emulator.now() + timedelta(hours=3)
        env.draft = PostDraft("Later", "Scheduled #Shorts", privacy="public", publish_at=due)
        ledger = MemoryLedger()
        await run_publication(env.publisher, env.context(ledger))
        status = env.emulator.requests.last("upload_start").json["status"]
        (video,) = env.emulator.videos_titled("Later")
        public_before = video.is_public(env.emulator.now())
        env.emulator.advance(3 * 3600 + 1)
        public_after = video.is_public(env.emulator.now())
    assert status["privacyStatus"] == "private"
    assert status["publishAt"] == due.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert ledger.state == PublicationState.PUBLISHED
    assert (public_before, public_after) == (False, True)


async def test_a_schedule_already_past_publishes_now(tmp_path: Path) -> None:
    async with youtube_env(tmp_path) as env:
        past = env.emulator.now() - timedelta(minutes=5)
        env.draft = PostDraft("Late", "Late #Shorts", privacy="unlisted", publish_at=past)
        await run_publication(env.publisher, env.context(MemoryLedger()))
        status = env.emulator.requests.last("upload_start").json["status"]
    assert status["privacyStatus"] == "unlisted"
    assert "publishAt" not in status
