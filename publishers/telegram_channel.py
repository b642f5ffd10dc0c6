"""Publishing a Short to a Telegram channel: our own bot posts it there as an administrator
(oauth-and-publishing-rules.md, 6). The account is the channel: `Credentials.account_id` is
its chat id, `access_token()` the bot's token; there is no OAuth.

Client: aiogram's Bot, the client the bot already runs on, pointed at `BOT__API_URL` through
TelegramAPIServer (the emulator in tests, a local Bot API server for 2000 MB uploads). It is
async, encodes multipart uploads the way the Bot API wants (`attach://`), and maps answers to
typed exceptions (TelegramRetryAfter carries the body's `parameters.retry_after`, which a
thin adapter would have to parse again). Each try makes a Bot on `PublishContext.http`
(telegram_api.SharedSession), so the job's HTTP session carries the calls.

Exactly once: `sendVideo` is the commit; PUBLISH_ATTEMPTED is saved right before it and it is
sent again only after a 429. The Bot API cannot read a channel's history, so `reconcile`
cannot ask Telegram: it raises UserMustConfirm and the owner says whether the post is there.
"""

from typing import ClassVar

from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import FSInputFile

from core.enums import Platform, PublicationState
from core.publisher_settings import TelegramChannelSettings
from core.settings import BotSettings
from publishers.base import PostRef, PublishContext
from publishers.errors import UserMustConfirm
from publishers.limits import MediaNotAccepted, PlatformLimits, check_draft
from publishers.telegram_api import (
    check_bot_can_post,
    commit_once,
    open_bot,
    post_url,
)
from publishers.telegram_errors import PROVIDER

MB = 1024 * 1024
CAPTION_LIMIT = 1024  # UTF-16 code units after entity parsing; we send plain text
TELEGRAM_LIMITS = PlatformLimits(
    max_duration_s=float("inf"),  # size-bound only
    max_size_bytes=50 * MB,  # the cloud Bot API; the publisher's own limit follows settings
    max_aspect=float("inf"),  # any aspect plays
    video_codecs=frozenset({"h264", "hevc"}),
    max_caption_chars=CAPTION_LIMIT,
)


class TelegramChannelPublisher:
    """The Publisher for Platform.TELEGRAM."""

    platform: ClassVar[Platform] = Platform.TELEGRAM
    limits: ClassVar[PlatformLimits] = TELEGRAM_LIMITS

    def __init__(
        self,
        api_url: str = "https://api.telegram.org",
        *,
        max_upload_mb: int = 50,
        upload_timeout_s: float = 600.0,
    ) -> None:
        self.api = TelegramAPIServer.from_base(api_url)
        self.max_upload_bytes = max_upload_mb * MB
        self.upload_timeout_s = upload_timeout_s

    @classmethod
    def from_settings(
        cls, bot: BotSettings, channels: TelegramChannelSettings
    ) -> "TelegramChannelPublisher":
        return cls(bot.api_url, max_upload_mb=channels.max_upload_mb)

    async def publish(self, ctx: PublishContext) -> PostRef:
        """Checks the bot may still post, saves PUBLISH_ATTEMPTED, sends the video once."""
        self._check(ctx)
        chat_id = int(ctx.credentials.account_id)
        channel = ctx.credentials.account_id
        async with open_bot(ctx.http, self.api, await ctx.credentials.access_token()) as bot:
            await check_bot_can_post(bot, chat_id, channel=channel, sleep=ctx.sleep)
            await ctx.ledger.save(PublicationState.PUBLISH_ATTEMPTED)
            video, draft = ctx.video, ctx.draft
            message = await commit_once(
                lambda: bot.send_video(
                    chat_id,
                    FSInputFile(video.path),
                    caption=draft.caption or None,
                    duration=round(video.duration_s),
                    width=video.width,
                    height=video.height,
                    supports_streaming=True,
                    request_timeout=int(self.upload_timeout_s),
                ),
                channel=channel,
                sleep=ctx.sleep,
            )
        return PostRef(str(message.message_id), post_url(message.chat, message.message_id))

    async def reconcile(self, ctx: PublishContext) -> PostRef | None:
        """The Bot API cannot read a channel's history: the owner must look."""
        raise UserMustConfirm(
            provider=PROVIDER,
            reason=f"sendVideo to {ctx.credentials.account_id} got no answer",
        )

    def _check(self, ctx: PublishContext) -> None:
        """The limits this publisher's server imposes, before anything is sent."""
        check_draft(PROVIDER, self.limits, ctx.draft)
        units = len(ctx.draft.caption.encode("utf-16-le")) // 2
        if units > CAPTION_LIMIT:  # an emoji counts twice
            raise MediaNotAccepted(
                provider=PROVIDER, what="caption", actual=units, limit=CAPTION_LIMIT
            )
        if ctx.video.size > self.max_upload_bytes:
            raise MediaNotAccepted(
                provider=PROVIDER,
                what="size",
                actual=ctx.video.size,
                limit=self.max_upload_bytes,
            )
