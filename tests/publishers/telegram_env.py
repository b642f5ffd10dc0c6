"""The world a Telegram channel publication runs in: the Telegram emulator over real HTTP, a
channel owned by a user with our bot as its administrator, a tiny real MP4, the real
TelegramChannelPublisher, and contexts whose `sleep` records the waits instead of waiting."""

import io
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import aiohttp
import av
import numpy as np

from publishers.base import PostDraft, PublishContext, VideoFile
from publishers.telegram_channel import TelegramChannelPublisher
from tests.emulators.telegram import EmuChat, EmuUser, TelegramEmulator
from tests.publishers.ledgers import MemoryLedger, StaticCredentials

CAPTION = "Как варить кофе за 60 секунд ☕ #shorts"


@cache
def tiny_mp4() -> bytes:
    """1 s of 36x64 H.264 (9:16)."""
    out = io.BytesIO()
    with av.open(out, mode="w", format="mp4") as container:
        stream = container.add_stream("libx264", rate=10)
        stream.width, stream.height, stream.pix_fmt = 36, 64, "yuv420p"
        for index in range(10):
            pixels = np.full((64, 36, 3), index * 20, dtype=np.uint8)
            for packet in stream.encode(av.VideoFrame.from_ndarray(pixels, format="rgb24")):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return out.getvalue()


@dataclass
class ChannelEnv:
    emulator: TelegramEmulator
    http: aiohttp.ClientSession
    owner: EmuUser
    channel: EmuChat
    publisher: TelegramChannelPublisher
    video: VideoFile
    waits: list[float] = field(default_factory=list)

    async def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)

    def context(
        self, ledger: MemoryLedger, *, caption: str = CAPTION, channel: EmuChat | None = None
    ) -> PublishContext:
        chat = channel or self.channel
        return PublishContext(
            http=self.http,
            credentials=StaticCredentials(str(chat.id), self.emulator.token),
            video=self.video,
            draft=PostDraft(title="Coffee", caption=caption),
            ledger=ledger,
            sleep=self.sleep,
        )

    def new_channel(self, title: str, username: str | None = None) -> EmuChat:
        """Another channel of the same owner with the bot as its administrator."""
        return self.emulator.add_channel(title, username=username, owner=self.owner)


@asynccontextmanager
async def channel_env(
    tmp_path: Path, *, username: str | None = "coffee_shorts"
) -> AsyncIterator[ChannelEnv]:
    path = tmp_path / "short.mp4"
    path.write_bytes(tiny_mp4())
    video = VideoFile(path, path.stat().st_size, 1.0, 36, 64, 10.0, "h264", None)
    async with TelegramEmulator() as emulator, aiohttp.ClientSession() as http:
        owner = emulator.add_user(2001, "Olga", language_code="ru")
        channel = emulator.add_channel("Coffee Shorts", username=username, owner=owner)
        publisher = TelegramChannelPublisher(emulator.base_url)
        yield ChannelEnv(emulator, http, owner, channel, publisher, video)
        emulator.assert_no_internal_errors()
