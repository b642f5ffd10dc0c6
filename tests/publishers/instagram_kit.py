"""The Instagram adapter wired to its emulator for one test: settings pointing at the
emulator, a connected account, a small file (and its pull URL), and contexts for tries."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp

from core.publisher_settings import InstagramSettings
from publishers.base import PostDraft, PublishContext, VideoFile
from publishers.instagram import InstagramOAuth, InstagramPublisher
from publishers.oauth import TokenSet
from tests.emulators.instagram import USER_ID, FileHost, InstagramEmulator
from tests.publishers.ledgers import MemoryLedger, OAuthCredentials

CAPTION = "Why octopuses are so smart #science #shorts"


async def no_sleep(_: float) -> None:
    return None


@dataclass
class Kit:
    emulator: InstagramEmulator
    files: FileHost
    http: aiohttp.ClientSession
    settings: InstagramSettings
    oauth: InstagramOAuth
    publisher: InstagramPublisher
    credentials: OAuthCredentials
    video: VideoFile
    data: bytes
    draft: PostDraft

    def context(self, ledger: MemoryLedger) -> PublishContext:
        return PublishContext(
            self.http, self.credentials, self.video, self.draft, ledger, sleep=no_sleep
        )

    @property
    def container(self) -> Any:
        (only,) = self.emulator.containers
        return only


@asynccontextmanager
async def instagram(
    tmp_path: Path,
    *,
    pull: bool = False,
    size: int = 200_000,
    chunk_size: int = 50_000,
    processing_polls: int = 2,
    quota_total: int = 100,
    caption: str = CAPTION,
    options: dict[str, bool | str] | None = None,
    seed: int = 0,
) -> AsyncIterator[Kit]:
    emulator = InstagramEmulator(processing_polls=processing_polls, quota_total=quota_total)
    async with emulator, FileHost() as files, aiohttp.ClientSession() as http:
        settings = InstagramSettings(**emulator.settings_values())
        data = random.Random(seed).randbytes(size)  # noqa: S311 (test bytes)
        path = tmp_path / f"short-{seed}.mp4"
        path.write_bytes(data)
        url = files.host(data) if pull else None
        video = VideoFile(path, size, 30.0, 1080, 1920, 30.0, "h264", "aac", public_url=url)
        oauth = InstagramOAuth(settings, sleep=no_sleep)
        tokens = TokenSet(emulator.issue_token(), None, None)
        credentials = OAuthCredentials(USER_ID, tokens, oauth, http)
        publisher = InstagramPublisher(
            settings, chunk_size=chunk_size, poll_interval_s=0.0, max_polls=10
        )
        draft = PostDraft(title="Octopuses", caption=caption, options=options or {})
        yield Kit(emulator, files, http, settings, oauth, publisher, credentials, video, data,
                  draft)  # fmt: skip
        emulator.assert_no_internal_errors()
