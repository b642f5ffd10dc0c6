"""The five publishing platforms as emulators on loopback, started together: YouTube (with
Google OAuth), Instagram, TikTok, X and the Telegram Bot API, each with a channel or account
for one creator, and their ledgers of public posts.

`realistic=True` turns on each emulator's latencies and processing times, and raises the
per-account limits to what an app with granted quota increases has (bench/publish.py posts
20 Shorts to one account per platform); tests leave it off: processing finishes at the
first look, nothing waits.
"""

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass

from core.enums import Platform
from tests.emulators.instagram import InstagramEmulator
from tests.emulators.telegram import EmuChat, EmuUser, TelegramEmulator
from tests.emulators.tiktok import TikTokEmulator
from tests.emulators.tiktok.server import Delays
from tests.emulators.x import XEmulator
from tests.emulators.youtube import YouTubeEmulator

CHANNEL_TITLE = "Octopus Shorts"
# Per request on the emulated Telegram and Instagram, which have no latency model of their own.
REALISTIC_LATENCY_S = 0.15
BENCH_POSTS = 100  # per account and day, on every platform, with realistic=True


@dataclass
class Emulators:
    youtube: YouTubeEmulator
    instagram: InstagramEmulator
    tiktok: TikTokEmulator
    x: XEmulator
    telegram: TelegramEmulator
    channel_owner: EmuUser
    channel: EmuChat

    def public_posts(self) -> dict[Platform, int]:
        """Every platform's count of public (or scheduled to go public) posts."""
        return {
            Platform.YOUTUBE: sum(
                1 for video in self.youtube.channel.videos.values() if video.is_post()
            ),
            Platform.INSTAGRAM: len(self.instagram.public_posts()),
            Platform.TIKTOK: len(self.tiktok.posts()),
            Platform.X: len(self.x.posts),
            Platform.TELEGRAM: self.telegram.public_posts(self.channel),
        }

    def assert_no_internal_errors(self) -> None:
        for emulator in (self.youtube, self.instagram, self.tiktok, self.x, self.telegram):
            emulator.assert_no_internal_errors()


@asynccontextmanager
async def five_platforms(*, realistic: bool = False) -> AsyncIterator[Emulators]:
    """Start the five emulators; stopped (after a check for their own bugs) on exit."""
    async with AsyncExitStack() as stack:
        youtube = await stack.enter_async_context(
            YouTubeEmulator(
                processing_polls=2 if realistic else 0,
                realistic_delays=realistic,
                daily_quota_units=10_000 * (BENCH_POSTS if realistic else 1),
            )
        )
        instagram = await stack.enter_async_context(
            InstagramEmulator(
                processing_polls=2 if realistic else 0,
                latency_s=REALISTIC_LATENCY_S if realistic else 0.0,
                quota_total=BENCH_POSTS,
            )
        )
        tiktok = await stack.enter_async_context(
            TikTokEmulator(
                delays=Delays(),
                processing_s=2.0,
                moderation_s=1.0,
                init_per_minute=BENCH_POSTS,
                daily_post_cap=BENCH_POSTS,
                pending_share_limit=BENCH_POSTS,
            )
            if realistic
            else TikTokEmulator(min_chunk=64 * 1024, processing_s=0.0, moderation_s=0.0)
        )
        x = await stack.enter_async_context(
            XEmulator(processing_polls=2 if realistic else 0, realistic_delays=realistic)
        )
        telegram = await stack.enter_async_context(TelegramEmulator())
        if realistic:
            telegram.faults.delay("*", REALISTIC_LATENCY_S, times=1_000_000)
        owner = telegram.add_user(2001, "Olga", language_code="en")
        channel = telegram.add_channel(CHANNEL_TITLE, username="octopus_shorts", owner=owner)
        emulators = Emulators(youtube, instagram, tiktok, x, telegram, owner, channel)
        yield emulators
        emulators.assert_no_internal_errors()
