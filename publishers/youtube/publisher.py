"""YouTubePublisher: one resumable upload per publication, resumed from what Google
confirmed, and the PUT carrying the last byte as the one commit call.

Ledger keys: `yt_session` (saved before any byte), `yt_started` (when it was opened, to
match the uploads playlist), `yt_offset` (each confirmed offset), `yt_video` (the video ID
from the final answer or a probe), `yt_thumbnail` (how setting the Short's thumbnail ended,
once the video is processed: set, refused or failed; never a reason to fail the post).
"""

import random
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar

import structlog

from core.enums import Platform, PublicationState
from core.provider_errors import ProviderRejected, ProviderUnavailable
from core.publisher_settings import YouTubeSettings
from publishers.base import PostRef, PublishContext
from publishers.errors import (
    OutcomeStillUnknown,
    PublishRateLimited,
    PublishRejected,
    PublishUnavailable,
    ReconnectRequired,
)
from publishers.http import MAX_INLINE_WAIT_S, SAFE_TRIES, send_authorized
from publishers.limits import PlatformLimits
from publishers.youtube.metadata import YOUTUBE_LIMITS, video_resource
from publishers.youtube.replies import PROVIDER
from publishers.youtube.session import UploadState, open_session, probe, put_chunk
from publishers.youtube.thumbnail import set_thumbnail

log = structlog.get_logger(__name__)

CHUNK_GRANULARITY = 262_144  # non-final chunks must be multiples of 256 KiB
# The playlist's publishedAt and our clock may disagree by this much.
CLOCK_SKEW = timedelta(minutes=5)


def shorts_url(video_id: str) -> str:
    return f"https://youtube.com/shorts/{video_id}"


class YouTubePublisher:
    platform: ClassVar[Platform] = Platform.YOUTUBE
    limits: ClassVar[PlatformLimits] = YOUTUBE_LIMITS

    def __init__(
        self, settings: YouTubeSettings, *, chunk_size: int = 32 * CHUNK_GRANULARITY,
        poll_interval_s: float = 5.0, max_polls: int = 60,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:  # fmt: skip
        if chunk_size <= 0 or chunk_size % CHUNK_GRANULARITY:
            raise ValueError("chunk_size must be a positive multiple of 262144 bytes")
        self.api_url = settings.api_url.rstrip("/")
        self.chunk_size, self.clock = chunk_size, clock
        self.poll_interval_s, self.max_polls = poll_interval_s, max_polls

    async def publish(self, ctx: PublishContext) -> PostRef:
        video_id = ctx.ledger.get("yt_video")
        if video_id is None:
            video = await self._upload(ctx)
            video_id = str(video["id"])
            await ctx.ledger.save(yt_video=video_id)
        await self._wait_processed(ctx, str(video_id))
        if ctx.thumbnail is not None and ctx.ledger.get("yt_thumbnail") is None:
            outcome = await set_thumbnail(
                ctx, self.api_url, str(video_id), ctx.thumbnail, now=self.clock()
            )
            await ctx.ledger.save(yt_thumbnail=outcome.value)
        return PostRef(str(video_id), shorts_url(str(video_id)))

    async def reconcile(self, ctx: PublishContext) -> PostRef | None:
        """The video if the session completed (or, the session gone, if the uploads playlist
        has it); None when the session is still incomplete or was never opened."""
        video_id = ctx.ledger.get("yt_video")
        if video_id is not None:
            return PostRef(str(video_id), shorts_url(str(video_id)))
        uri = ctx.ledger.get("yt_session")
        if uri is None:
            return None
        try:
            state = await probe(ctx, str(uri), now=self.clock())
            if state.video is not None:
                await ctx.ledger.save(yt_video=str(state.video["id"]))
                return PostRef(str(state.video["id"]), shorts_url(str(state.video["id"])))
            log.info("youtube.reconcile_probe", complete=False, gone=state.gone)
            if not state.gone:
                return None  # 308: the last byte is not stored, so no video exists
            return await self._find_in_uploads(ctx)
        except ReconnectRequired:
            raise
        except (ProviderUnavailable, ProviderRejected) as error:
            raise OutcomeStillUnknown(provider=PROVIDER, reason=repr(error)) from error

    async def _upload(self, ctx: PublishContext) -> dict[str, Any]:
        uri, state = await self._session(ctx)
        failures = 0
        while state.video is None:
            end = min(state.offset + self.chunk_size, ctx.video.size)
            final = end == ctx.video.size
            if final:
                await ctx.ledger.save(PublicationState.PUBLISH_ATTEMPTED, yt_offset=state.offset)
            try:
                state = await put_chunk(ctx, uri, state.offset, end, now=self.clock())
            except ProviderUnavailable as error:  # 5xx, 429, no answer
                failures += 1
                wait = _backoff_s(error, failures)
                if final or failures >= SAFE_TRIES or wait > MAX_INLINE_WAIT_S:
                    raise  # after the last byte went out only the reconciler may look
                await ctx.sleep(wait)
                state = await probe(ctx, uri, now=self.clock())
            if state.gone:  # the next try opens a new session, or reconciles first
                raise PublishUnavailable(provider=PROVIDER, reason="upload session expired")
            if state.video is None:
                await ctx.ledger.save(yt_offset=state.offset)
        return state.video

    async def _session(self, ctx: PublishContext) -> tuple[str, UploadState]:
        """The saved session and what Google holds of it, or a new one (saved before any
        byte). A gone session is replaced only here, where the last byte was never sent
        or the reconciler found no video."""
        uri = ctx.ledger.get("yt_session")
        if uri is not None:
            state = await probe(ctx, str(uri), now=self.clock())
            if not state.gone:
                log.info(
                    "youtube.upload_resumed", offset=state.offset, done=state.video is not None
                )
                return str(uri), state
            log.info("youtube.session_gone")
        resource = video_resource(ctx.draft, now=self.clock())
        new_uri = await open_session(ctx, self.api_url, resource, now=self.clock())
        log.info("youtube.session_opened", size=ctx.video.size)
        await ctx.ledger.save(
            PublicationState.UPLOADING,
            yt_session=new_uri,
            yt_started=self.clock().isoformat(),
            yt_offset=0,
        )
        return new_uri, UploadState()

    async def _wait_processed(self, ctx: PublishContext, video_id: str) -> None:
        for _ in range(self.max_polls):
            reply = await send_authorized(
                ctx.http, "GET", f"{self.api_url}/youtube/v3/videos",
                params={"part": "status,processingDetails", "id": video_id},
                credentials=ctx.credentials, provider=PROVIDER, sleep=ctx.sleep,
            )  # fmt: skip
            items = (reply.json() or {}).get("items") or []
            status = (
                items[0].get("processingDetails", {}).get("processingStatus") if items else None
            )
            if status == "succeeded":
                return
            if status in {"failed", "terminated"}:
                raise PublishRejected(provider=PROVIDER, reason=f"processing {status}")
            await ctx.sleep(self.poll_interval_s)
        raise PublishUnavailable(provider=PROVIDER, reason="still processing")

    async def _find_in_uploads(self, ctx: PublishContext) -> PostRef | None:
        """The session is gone: a video of ours in the channel's uploads playlist, matched by
        title and description, published after the session was opened."""
        channels = await send_authorized(
            ctx.http, "GET", f"{self.api_url}/youtube/v3/channels",
            params={"part": "contentDetails", "mine": "true"},
            credentials=ctx.credentials, provider=PROVIDER, sleep=ctx.sleep,
        )  # fmt: skip
        items = (channels.json() or {}).get("items") or []
        if not items:
            raise OutcomeStillUnknown(provider=PROVIDER, reason="no channel to look in")
        playlist = items[0]["contentDetails"]["relatedPlaylists"]["uploads"]
        reply = await send_authorized(
            ctx.http, "GET", f"{self.api_url}/youtube/v3/playlistItems",
            params={"part": "snippet", "playlistId": playlist, "maxResults": "25"},
            credentials=ctx.credentials, provider=PROVIDER, sleep=ctx.sleep,
        )  # fmt: skip
        opened = ctx.ledger.get("yt_started")
        started = datetime.fromisoformat(str(opened)) - CLOCK_SKEW if opened else None
        snippet = video_resource(ctx.draft, now=self.clock())["snippet"]
        for item in (reply.json() or {}).get("items") or []:
            found = item["snippet"]
            published = datetime.fromisoformat(found["publishedAt"].replace("Z", "+00:00"))
            same = (
                found["title"] == snippet["title"]
                and found.get("description") == snippet["description"]
            )
            if same and (started is None or published >= started):
                video_id = str(found["resourceId"]["videoId"])
                await ctx.ledger.save(yt_video=video_id)
                return PostRef(video_id, shorts_url(video_id))
        return None


def _backoff_s(error: ProviderUnavailable, failures: int) -> float:
    """Google's reset time when it gave one, else full jitter (the python client's policy)."""
    if isinstance(error, PublishRateLimited) and error.retry_after_s is not None:
        return error.retry_after_s
    return random.random() * 2.0**failures  # noqa: S311 (jitter, not crypto)
