"""The X publisher wired to the X emulator over real HTTP: an account connected through the
real XOAuthClient, a small file on disk, and a PublishContext per try."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp

from publishers.base import PostDraft, PublishContext, VideoFile
from publishers.oauth import TokenSet
from publishers.x import XOAuthClient, XPublisher
from tests.emulators.x import CLIENT_ID, CLIENT_SECRET, DEFAULT_USER, XEmulator
from tests.publishers.ledgers import MemoryLedger, OAuthCredentials

CAPTION = "A Short about otters #otters #shorts"


@dataclass
class Sleeps:
    """ctx.sleep that returns at once and remembers what it was asked to wait."""

    waits: list[float] = field(default_factory=list)

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


@dataclass
class XRig:
    emulator: XEmulator
    http: aiohttp.ClientSession
    oauth: XOAuthClient
    publisher: XPublisher
    credentials: OAuthCredentials
    video: VideoFile
    sleeps: Sleeps = field(default_factory=Sleeps)

    def context(
        self, ledger: MemoryLedger, caption: str = CAPTION, **draft: Any
    ) -> PublishContext:
        return PublishContext(
            http=self.http,
            credentials=self.credentials,
            video=self.video,
            draft=PostDraft(title="Otters", caption=caption, **draft),
            ledger=ledger,
            sleep=self.sleeps,
        )

    def file_bytes(self) -> bytes:
        return self.video.path.read_bytes()


def write_video(folder: Path, size: int, seed: int = 7) -> VideoFile:
    path = folder / f"short-{seed}-{size}.mp4"
    path.write_bytes(random.Random(seed).randbytes(size))  # noqa: S311 (test bytes)
    return VideoFile(path, size, 12.0, 1080, 1920, 30.0, "h264", "aac")


@asynccontextmanager
async def x_rig(
    folder: Path,
    *,
    size: int = 300_000,
    segment_size: int = 64 * 1024,
    **emulator_options: Any,
) -> AsyncIterator[XRig]:
    """A started emulator, a session, and an account connected with a real grant."""
    async with XEmulator(**emulator_options) as emulator, aiohttp.ClientSession() as http:
        oauth = XOAuthClient(
            CLIENT_ID, CLIENT_SECRET, auth_url=emulator.auth_url, api_url=emulator.base_url,
            clock=emulator.now, sleep=Sleeps(),
        )  # fmt: skip
        grant = emulator.connect()
        tokens = TokenSet(grant.access_token, grant.refresh_token, None)
        credentials = OAuthCredentials(DEFAULT_USER.id, tokens, oauth, http)
        publisher = XPublisher(
            emulator.base_url, segment_size=segment_size, clock=emulator.now,
            reconcile_after_s=0.0,
        )  # fmt: skip
        yield XRig(emulator, http, oauth, publisher, credentials, write_video(folder, size))
        emulator.assert_no_internal_errors()
