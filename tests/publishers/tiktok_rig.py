"""The TikTok publisher wired to its emulator over real HTTP, on the emulator's fake clock:
the adapter's sleeps move that clock, so processing and rate windows pass without waiting."""

import random
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp

from publishers.base import PostDraft, PublishContext, VideoFile
from publishers.oauth import TokenSet
from publishers.tiktok import TikTokOAuth, TikTokPublisher
from tests.emulators.tiktok import TikTokEmulator
from tests.publishers.ledgers import MemoryLedger, OAuthCredentials

CHUNK = 64 * 1024
VIDEO_BYTES = 300 * 1024  # four chunks: 64, 64, 64 and the last 108 KiB


@dataclass
class Rig:
    emulator: TikTokEmulator
    http: aiohttp.ClientSession
    oauth: TikTokOAuth
    publisher: TikTokPublisher
    credentials: OAuthCredentials
    video: VideoFile
    content: bytes

    def clock(self) -> datetime:
        return datetime.fromtimestamp(self.emulator.clock(), UTC)

    def context(self, ledger: MemoryLedger, draft: PostDraft | None = None) -> PublishContext:
        return PublishContext(
            http=self.http, credentials=self.credentials, video=self.video,
            draft=draft or make_draft(), ledger=ledger, sleep=self.emulator.sleep,
        )  # fmt: skip


def make_draft(caption: str = "Three facts about octopuses #science", **kw: Any) -> PostDraft:
    values: dict[str, Any] = {"title": "Octopuses", "caption": caption,
                              "privacy": "PUBLIC_TO_EVERYONE", "ai_generated": True}  # fmt: skip
    values.update(kw)
    return PostDraft(**values)


@asynccontextmanager
async def tiktok_rig(
    tmp_path: Path, *, seed: int = 1, size: int = VIDEO_BYTES, public_url: str | None = None,
    **emulator_args: Any,
) -> AsyncIterator[Rig]:  # fmt: skip
    content = random.Random(seed).randbytes(size)  # noqa: S311 (test data)
    path = tmp_path / f"short-{seed}.mp4"
    path.write_bytes(content)
    video = VideoFile(path, size, 20.0, 1080, 1920, 30.0, "h264", "aac", public_url=public_url)
    emulator_args.setdefault("min_chunk", CHUNK)
    async with TikTokEmulator(**emulator_args) as emulator, aiohttp.ClientSession() as http:
        settings = emulator.settings()

        def clock() -> datetime:
            return datetime.fromtimestamp(emulator.clock(), UTC)

        oauth = TikTokOAuth(settings, sleep=emulator.sleep, clock=clock)
        publisher = TikTokPublisher(settings, chunk_size=CHUNK, min_chunk_size=CHUNK, clock=clock)
        access, refresh = emulator.grant()
        tokens = TokenSet(access, refresh, None)
        credentials = OAuthCredentials("open.creator1", tokens, oauth, http)
        yield Rig(emulator, http, oauth, publisher, credentials, video, content)
        emulator.assert_no_internal_errors()
