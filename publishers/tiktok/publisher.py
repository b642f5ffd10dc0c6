"""TikTok Direct Post (Content Posting API): init, chunked FILE_UPLOAD or PULL_FROM_URL,
status polling, reconciliation by status/fetch.

Why a thin aiohttp adapter: TikTok publishes no Python SDK for the Content Posting API (its
SDKs are the mobile Login and Share Kits; PyPI's `TikTokApi` scrapes the web app), the API
is four JSON calls and ranged PUTs, and the exactly-once rules need control over every
request (which one is the commit, what is saved before it) that a generic client hides.
"""

import asyncio
from typing import Any, ClassVar
from urllib.parse import quote

import aiohttp
import structlog

from core.enums import Platform, PublicationState
from core.provider_errors import ProviderError
from core.publisher_settings import TikTokSettings
from publishers.base import Credentials, LedgerValue, PostRef, PublishContext, Sleep
from publishers.errors import OutcomeStillUnknown, PostRefused, PublishRejected, PublishUnavailable
from publishers.http import SAFE_TRIES
from publishers.limits import PlatformLimits
from publishers.tiktok.chunks import DEFAULT_CHUNK, MIN_CHUNK, ChunkPlan, plan_chunks
from publishers.tiktok.creator import CREATOR_INFO_PATH, CreatorInfo
from publishers.tiktok.limits import TIKTOK_LIMITS
from publishers.tiktok.oauth import utc_now
from publishers.tiktok.post_info import post_info_for, title_for
from publishers.tiktok.status import STATUS_PATH, PublishStatus
from publishers.tiktok.upload import CHUNKS_DONE, send_chunks
from publishers.tiktok.wire import PROVIDER, Clock, call_api

INIT_PATH = "/v2/post/publish/video/init/"
LIST_PATH = "/v2/video/list/"
# Ledger keys; the publish_id and upload_url are saved before the first byte.
PUBLISH_ID, UPLOAD_URL, SOURCE = "tiktok_publish_id", "tiktok_upload_url", "tiktok_source"
VIDEO_SIZE, CHUNK_SIZE, CHUNK_COUNT = "tiktok_video_size", "tiktok_chunk_size", "tiktok_chunks"
ATTEMPTED_AT = "tiktok_attempted_at"
FILE_UPLOAD, PULL_FROM_URL = "FILE_UPLOAD", "PULL_FROM_URL"
log = structlog.get_logger(__name__)


class ProcessingFailed(PostRefused):
    """TikTok processed the upload and refused the video (status FAILED, `fail_reason`)."""


class TikTokPublisher:
    platform: ClassVar[Platform] = Platform.TIKTOK
    limits: ClassVar[PlatformLimits] = TIKTOK_LIMITS

    def __init__(
        self, settings: TikTokSettings, *, chunk_size: int = DEFAULT_CHUNK,
        min_chunk_size: int = MIN_CHUNK, poll_interval_s: float = 5.0, max_polls: int = 60,
        id_polls: int = 12, clock: Clock = utc_now,
    ) -> None:  # fmt: skip
        self._api = settings.api_url.rstrip("/")
        self._chunk_size, self._min_chunk = chunk_size, min_chunk_size
        self._poll_interval_s = poll_interval_s
        self._max_polls, self._id_polls = max_polls, id_polls
        self._clock = clock

    async def creator_info(
        self,
        http: aiohttp.ClientSession,
        credentials: Credentials,
        *,
        sleep: Sleep = asyncio.sleep,
    ) -> CreatorInfo:
        """What the post screen must show and offer (TikTok requires a fresh query each time)."""
        data = await call_api(
            http, self._api + CREATOR_INFO_PATH, credentials=credentials, sleep=sleep,
            clock=self._clock,
        )  # fmt: skip
        return CreatorInfo.from_data(data)

    async def publish(self, ctx: PublishContext) -> PostRef:
        ledger = ctx.ledger
        publish_id = ledger.get(PUBLISH_ID)
        if publish_id is None:
            # Refuses a draft without the user's own privacy choice, before any call.
            post_info = post_info_for(ctx.draft)
            if ctx.video.public_url is not None:
                return await self._pull(ctx, post_info, ctx.video.public_url)
            publish_id = await self._init_upload(ctx, post_info)
        if ledger.get(SOURCE) == FILE_UPLOAD:
            # Bytes may have gone to this publish_id: never init again, only resume.
            plan = _saved_plan(ctx)
            done = int(ledger.get(CHUNKS_DONE) or 0)
            if done < plan.count:
                await send_chunks(ctx, plan, str(ledger.get(UPLOAD_URL)), done)
        return await self._await_committed(ctx, str(publish_id))

    async def reconcile(self, ctx: PublishContext) -> PostRef | None:
        publish_id = ctx.ledger.get(PUBLISH_ID)
        if publish_id is None:
            if ctx.ledger.get(SOURCE) == PULL_FROM_URL:
                return await self._find_pulled(ctx)
            return None  # no init ever answered: nothing can have been posted
        status = await self._status(ctx, str(publish_id))
        if ctx.ledger.get(SOURCE) == FILE_UPLOAD:
            plan = _saved_plan(ctx)
            if status.upload_incomplete(plan.video_size):
                return None  # the last chunk never landed: sending it again is safe
            # Nothing more to send; `publish` reads a failure from the status.
            await ctx.ledger.save(None, **_values({CHUNKS_DONE: plan.count}))
        if status.failed:
            return None
        return await self._await_post(ctx, str(publish_id), reconciling=True, first=status)

    async def _init_upload(self, ctx: PublishContext, post_info: dict[str, Any]) -> str:
        plan = plan_chunks(ctx.video.size, chunk_size=self._chunk_size, min_chunk=self._min_chunk)
        source = {"source": FILE_UPLOAD, "video_size": plan.video_size,
                  "chunk_size": plan.chunk_size, "total_chunk_count": plan.count}  # fmt: skip
        data = await self._call(ctx, INIT_PATH, {"post_info": post_info, "source_info": source})
        publish_id = str(data["publish_id"])
        await ctx.ledger.save(
            PublicationState.UPLOADING, **_values({
                PUBLISH_ID: publish_id, UPLOAD_URL: str(data["upload_url"]), SOURCE: FILE_UPLOAD,
                VIDEO_SIZE: plan.video_size, CHUNK_SIZE: plan.chunk_size, CHUNK_COUNT: plan.count,
                CHUNKS_DONE: 0,
            }),
        )  # fmt: skip
        return publish_id

    async def _pull(self, ctx: PublishContext, post_info: dict[str, Any], url: str) -> PostRef:
        # TikTok fetches the file itself: the init is the commit.
        attempted_at = int(self._clock().timestamp())
        await ctx.ledger.save(
            PublicationState.PUBLISH_ATTEMPTED,
            **_values({SOURCE: PULL_FROM_URL, ATTEMPTED_AT: attempted_at}),
        )
        source = {"source": PULL_FROM_URL, "video_url": url}
        body = {"post_info": post_info, "source_info": source}
        data = await self._call(ctx, INIT_PATH, body, tries=1)
        publish_id = str(data["publish_id"])
        await ctx.ledger.save(PublicationState.PROCESSING, **_values({PUBLISH_ID: publish_id}))
        return await self._await_committed(ctx, publish_id)

    async def _await_committed(self, ctx: PublishContext, publish_id: str) -> PostRef:
        """Polls for a post whose commit landed. Only TikTok failing the video is a definite
        no from here: a refusal of a later call (a poll, a refresh) says nothing about the
        post, so it must not fail the publication; the next try polls again."""
        try:
            return await self._await_post(ctx, publish_id, reconciling=False)
        except ProcessingFailed:
            raise
        except PublishRejected as error:
            reason = f"committed, but asking about {publish_id} was refused: {error}"
            raise PublishUnavailable(provider=PROVIDER, reason=reason) from error

    async def _await_post(
        self, ctx: PublishContext, publish_id: str, *, reconciling: bool,
        first: PublishStatus | None = None,
    ) -> PostRef:  # fmt: skip
        status, complete_polls = first, 0
        for _ in range(self._max_polls):
            if status is None:
                status = await self._status(ctx, publish_id)
            if status.failed:
                raise ProcessingFailed(provider=PROVIDER, reason=f"failed: {status.fail_reason}")
            if status.complete:
                if status.post_ids:
                    post_id = status.post_ids[0]
                    return PostRef(post_id, await self._post_url(ctx, post_id))
                if complete_polls >= self._id_polls:
                    # Moderation can hold the public id for hours: the publish_id stands in.
                    return PostRef(publish_id)
                complete_polls += 1
            await ctx.sleep(self._poll_interval_s)
            status = None
        reason = f"{publish_id} still processing after {self._max_polls} polls"
        if reconciling:
            raise OutcomeStillUnknown(provider=PROVIDER, reason=reason)
        raise PublishUnavailable(provider=PROVIDER, reason=reason)

    async def _post_url(self, ctx: PublishContext, post_id: str) -> str | None:
        """The post's public address, tiktok.com/@<username>/video/<id>: status/fetch gives
        only the id, creator_info the username. Asked after the post exists, so a refusal or
        TikTok's trouble leaves the post without a link, never undoes it."""
        try:
            info = await self.creator_info(ctx.http, ctx.credentials, sleep=ctx.sleep)
        except ProviderError as error:
            log.warning("tiktok.post_url_unknown", post_id=post_id, error=str(error))
            return None
        if not info.username:
            return None
        return f"https://www.tiktok.com/@{quote(info.username)}/video/{post_id}"

    async def _find_pulled(self, ctx: PublishContext) -> PostRef:
        """A PULL_FROM_URL init whose answer was lost left no publish_id: look among the
        recent posts. Absence proves nothing (moderation can take hours), so it never says
        "not posted"; the user decides after a while."""
        data = await self._call(ctx, LIST_PATH + "?fields=id,title,create_time", {"max_count": 20})
        since = int(ctx.ledger.get(ATTEMPTED_AT) or 0)
        for video in data.get("videos") or []:
            title = video.get("title")
            if title == title_for(ctx.draft) and int(video.get("create_time") or 0) >= since:
                return PostRef(str(video["id"]))
        raise OutcomeStillUnknown(provider=PROVIDER, reason="not among the recent videos yet")

    async def _status(self, ctx: PublishContext, publish_id: str) -> PublishStatus:
        data = await self._call(ctx, STATUS_PATH, {"publish_id": publish_id})
        return PublishStatus.from_data(data)

    async def _call(
        self, ctx: PublishContext, path: str, body: dict[str, Any], *, tries: int = SAFE_TRIES
    ) -> dict[str, Any]:
        return await call_api(
            ctx.http, self._api + path, credentials=ctx.credentials, sleep=ctx.sleep,
            clock=self._clock, body=body, tries=tries,
        )  # fmt: skip


def _values(values: dict[str, LedgerValue]) -> dict[str, LedgerValue]:
    return values


def _saved_plan(ctx: PublishContext) -> ChunkPlan:
    values = (ctx.ledger.get(VIDEO_SIZE), ctx.ledger.get(CHUNK_SIZE), ctx.ledger.get(CHUNK_COUNT))
    size, chunk, count = (int(v or 0) for v in values)
    return ChunkPlan(size, chunk, count)
