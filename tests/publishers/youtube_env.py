"""A YouTube emulator with the real adapter pointed at it: settings, the OAuth client, the
publisher, an account's credentials, and a fresh PublishContext per try."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
from pydantic import SecretStr

from core.publisher_settings import YouTubeSettings
from publishers.base import PostDraft, PublishContext, VideoFile
from publishers.oauth import TokenSet
from publishers.youtube import YouTubeOAuth, YouTubePublisher
from tests.emulators.youtube import CHANNEL_ID, CLIENT_ID, CLIENT_SECRET, YouTubeEmulator
from tests.publishers.ledgers import MemoryLedger, OAuthCredentials

CHUNK = 262_144


async def no_sleep(_seconds: float) -> None:
    return None


def youtube_settings(emulator: YouTubeEmulator) -> YouTubeSettings:
    return YouTubeSettings(
        client_id=CLIENT_ID, client_secret=SecretStr(CLIENT_SECRET),
        auth_url=emulator.auth_url, token_url=emulator.token_url,
        revoke_url=emulator.revoke_url, api_url=emulator.base_url,
    )  # fmt: skip


def video_file(tmp_path: Path, size: int, name: str = "short.mp4") -> VideoFile:
    """`size` bytes of a recognisable pattern (the adapter uploads bytes; limits are the
    caller's check), so a test can compare what the emulator stored."""
    path = tmp_path / name
    path.write_bytes((bytes(range(251)) * (size // 251 + 1))[:size])
    return VideoFile(path, size, 30.0, 1080, 1920, 30.0, "h264", "aac")


@dataclass
class YouTubeEnv:
    emulator: YouTubeEmulator
    http: aiohttp.ClientSession
    settings: YouTubeSettings
    oauth: YouTubeOAuth
    publisher: YouTubePublisher
    credentials: OAuthCredentials
    video: VideoFile
    draft: PostDraft = field(
        default_factory=lambda: PostDraft("Octopus facts", "Eight arms #Shorts")
    )

    def context(self, ledger: MemoryLedger, **changes: Any) -> PublishContext:
        values: dict[str, Any] = {
            "http": self.http, "credentials": self.credentials, "video": self.video,
            "draft": self.draft, "ledger": ledger, "sleep": no_sleep,
        } | changes  # fmt: skip
        return PublishContext(**values)

    def stored_bytes(self) -> bytes:
        """What the emulator's only completed session holds."""
        (session,) = [s for s in self.emulator.sessions if s.video_id is not None]
        return bytes(session.data)


@asynccontextmanager
async def youtube_env(
    tmp_path: Path, *, size: int = 3 * CHUNK + 1000, chunk_size: int = CHUNK,
    draft: PostDraft | None = None, **emulator_args: Any,
) -> AsyncIterator[YouTubeEnv]:  # fmt: skip
    async with YouTubeEmulator(**emulator_args) as emulator, aiohttp.ClientSession() as http:
        settings = youtube_settings(emulator)
        oauth = YouTubeOAuth(settings, clock=emulator.now, sleep=no_sleep)
        publisher = YouTubePublisher(
            settings, chunk_size=chunk_size, poll_interval_s=0.0, clock=emulator.now
        )
        grant, token = await emulator.grant_tokens()
        tokens = TokenSet(token, grant.refresh_token, expires_at=None)
        credentials = OAuthCredentials(CHANNEL_ID, tokens, oauth, http)
        env = YouTubeEnv(emulator, http, settings, oauth, publisher, credentials,
                         video_file(tmp_path, size))  # fmt: skip
        if draft is not None:
            env.draft = draft
        yield env
        emulator.assert_no_internal_errors()
