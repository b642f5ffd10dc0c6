"""Publishing a Short to X: the chunked media upload, then `POST /2/tweets` once.

Why our own aiohttp adapter: tweepy has no v2 media upload (and its v1.1 upload is retired),
X's official xdk is synchronous (requests) and retries as it likes, and neither exposes the
steps we must persist between (media ID, last segment) or lets a commit go out exactly once
(publishing-anchors.md, 4). The calls are few and plain JSON/multipart.

The commit has no idempotency key: PUBLISH_ATTEMPTED is saved right before it and it is sent
once (`tries=1`). After an ambiguous answer `reconcile` reads the account's timeline since the
publication started and looks for a post with our media and our exact text.
"""

import time
from datetime import UTC, datetime
from typing import Any, ClassVar

from core.enums import Platform, PublicationState
from core.publisher_settings import XSettings
from publishers.base import PostRef, PublishContext
from publishers.errors import OutcomeStillUnknown, PublishRejected
from publishers.limits import PlatformLimits
from publishers.x.calls import PROVIDER, Clock, call
from publishers.x.reconcile import TWEET_FIELDS, carries_media, says
from publishers.x.text import MAX_WEIGHTED_LENGTH, weighted_length
from publishers.x.upload import MEDIA_ID, MEDIA_KEY, STARTED_AT, MediaUpload

# x.md 2.4 (unverified copies; the 512 MB is X's docs). X takes 1:3 to 3:1.
X_LIMITS = PlatformLimits(
    max_duration_s=140.0,
    min_duration_s=0.5,
    max_size_bytes=512 * 1024 * 1024,
    max_fps=60.0,
    min_aspect=1 / 3,
    max_aspect=3.0,
    video_codecs=frozenset({"h264"}),
    max_caption_chars=MAX_WEIGHTED_LENGTH,
    caption_length=weighted_length,
)
ATTEMPTED_AT = "x_attempted_at"
DUPLICATE_SEEN = "x_duplicate_seen"
DUPLICATE = "duplicate content"  # X's 403 for a text the account already posted
CLOCK_SKEW_S = 300  # our clock against X's created_at
TIMELINE_PAGE = 100


class XPublisher:
    platform: ClassVar[Platform] = Platform.X
    limits: ClassVar[PlatformLimits] = X_LIMITS

    def __init__(
        self,
        api_url: str,
        *,
        segment_size: int = 1024 * 1024,
        clock: Clock = time.time,
        max_processing_wait_s: float = 600.0,
        reconcile_after_s: float = 60.0,
        reconcile_pages: int = 5,
    ) -> None:
        """`reconcile_after_s`: how long after the commit X's timeline is trusted to show
        the post (before that, "not there" proves nothing)."""
        self.api_url = api_url.rstrip("/")
        self._clock = clock
        self._upload = MediaUpload(self.api_url, segment_size, clock, max_processing_wait_s)
        self._reconcile_after_s = reconcile_after_s
        self._reconcile_pages = reconcile_pages

    @classmethod
    def from_settings(cls, settings: XSettings) -> "XPublisher":
        return cls(settings.api_url)

    async def publish(self, ctx: PublishContext) -> PostRef:
        media_id = await self._upload.ready_media(ctx)
        body: dict[str, Any] = {
            "media": {"media_ids": [media_id]},
            "made_with_ai": ctx.draft.ai_generated,
        }
        if ctx.draft.caption:
            body["text"] = ctx.draft.caption
        earlier_commit = ctx.ledger.get(ATTEMPTED_AT) is not None
        await ctx.ledger.save(PublicationState.PUBLISH_ATTEMPTED, x_attempted_at=self._now())
        try:
            reply = await self._call(ctx, "POST", "/2/tweets", tries=1, json=body)
        except PublishRejected as error:
            if earlier_commit and DUPLICATE in str(error) and not ctx.ledger.get(DUPLICATE_SEEN):
                # Our earlier commit may have landed after all (the timeline lagged behind
                # it): ask the timeline again rather than fail a publication that is public.
                await ctx.ledger.save(x_duplicate_seen=1)
                raise OutcomeStillUnknown(provider=PROVIDER, reason=str(error)) from error
            raise
        return _post_ref(str(reply.json()["data"]["id"]))

    async def reconcile(self, ctx: PublishContext) -> PostRef | None:
        ledger = ctx.ledger
        attempted_at = ledger.get(ATTEMPTED_AT)
        media_id, media_key = str(ledger.get(MEDIA_ID) or ""), str(ledger.get(MEDIA_KEY) or "")
        if not isinstance(attempted_at, int) or not media_id:
            raise OutcomeStillUnknown(provider=PROVIDER, reason="no commit time or media saved")
        if self._clock() < attempted_at + self._reconcile_after_s:
            raise OutcomeStillUnknown(provider=PROVIDER, reason="too early to trust the timeline")
        since = int(ledger.get(STARTED_AT) or attempted_at) - CLOCK_SKEW_S
        params = {
            "start_time": datetime.fromtimestamp(since, UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "max_results": str(TIMELINE_PAGE),
            "tweet.fields": TWEET_FIELDS,
            "exclude": "replies,retweets",
        }
        path = f"/2/users/{ctx.credentials.account_id}/tweets"
        for _ in range(self._reconcile_pages):
            page = (await self._call(ctx, "GET", path, params=params)).json()
            for tweet in page.get("data") or []:
                if not carries_media(tweet, media_id, media_key):
                    continue
                if says(tweet, ctx.draft.caption):
                    return _post_ref(str(tweet["id"]))
                # Our media in a post whose text differs: not ours to claim, not absent either.
                raise OutcomeStillUnknown(
                    provider=PROVIDER, reason=f"post {tweet['id']} has our media, not our text"
                )
            next_token = (page.get("meta") or {}).get("next_token")
            if not next_token:
                return None
            params["pagination_token"] = str(next_token)
        raise OutcomeStillUnknown(provider=PROVIDER, reason="more posts than reconcile reads")

    async def _call(self, ctx: PublishContext, method: str, path: str, **kwargs: Any) -> Any:
        return await call(
            ctx.http, method, self.api_url + path, credentials=ctx.credentials,
            sleep=ctx.sleep, clock=self._clock, **kwargs,
        )  # fmt: skip

    def _now(self) -> int:
        return int(self._clock())


def _post_ref(post_id: str) -> PostRef:
    return PostRef(post_id=post_id, url=f"https://x.com/i/web/status/{post_id}")
