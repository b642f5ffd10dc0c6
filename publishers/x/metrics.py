"""X's numbers of a batch of posts: `GET /2/tweets?ids=` (<= 100 IDs, x.md 4) with the
post's `public_metrics` and, through `expansions=attachments.media_keys`, its video's
`view_count` (the Short's views; a post's impressions are not views, so they go in
`extra`). The repost count is `retweet_count` in the API's answers and `repost_count` in
xdk's model: either is read. An ID left out of `data` with a resource-not-found error was
deleted: POST_GONE. Every read costs credits on X's pay-per-use plans, so no retries.
"""

import asyncio
import time
from collections.abc import Sequence
from typing import Any, ClassVar

import aiohttp

from core.enums import Platform
from core.publisher_settings import XSettings
from publishers.base import Credentials, Sleep
from publishers.metric_counts import METRICS_TRIES, count, reconnect_when_refused
from publishers.metrics import POST_GONE, MetricsAnswer, PostGone, PostMetrics
from publishers.x.calls import PROVIDER, Clock, call

MAX_IDS = 100
NOT_FOUND = "https://api.twitter.com/2/problems/resource-not-found"
EXTRA = {"impression_count": "impressions", "quote_count": "quotes"}


class XMetricsReader:
    platform: ClassVar[Platform] = Platform.X
    batch_size: ClassVar[int] = MAX_IDS

    def __init__(
        self, settings: XSettings, *, clock: Clock = time.time, sleep: Sleep = asyncio.sleep
    ) -> None:
        self.api_url = settings.api_url.rstrip("/")
        self.clock, self.sleep = clock, sleep

    async def read_metrics(
        self, http: aiohttp.ClientSession, credentials: Credentials, post_ids: Sequence[str]
    ) -> MetricsAnswer:
        if len(post_ids) > MAX_IDS:
            raise ValueError(f"the posts lookup takes at most {MAX_IDS} IDs")
        if not post_ids:
            return {}
        with reconnect_when_refused(PROVIDER):
            reply = await call(
                http, "GET", f"{self.api_url}/2/tweets", credentials=credentials,
                sleep=self.sleep, clock=self.clock, tries=METRICS_TRIES,
                params={"ids": ",".join(post_ids), "tweet.fields": "public_metrics,attachments",
                        "expansions": "attachments.media_keys",
                        "media.fields": "public_metrics"},
            )  # fmt: skip
        body: dict[str, Any] = reply.json() or {}
        views = _video_views(body)
        answer: dict[str, PostMetrics | PostGone] = {}
        for post in body.get("data") or []:
            post_id = str(post.get("id"))
            keys = (post.get("attachments") or {}).get("media_keys") or []
            answer[post_id] = _metrics(post_id, post.get("public_metrics") or {}, views, keys)
        for error in body.get("errors") or []:
            gone = str(error.get("resource_id") or error.get("value") or "")
            if error.get("type") == NOT_FOUND and gone in post_ids and gone not in answer:
                answer[gone] = POST_GONE
        return {post_id: answer[post_id] for post_id in post_ids if post_id in answer}


def _video_views(body: dict[str, Any]) -> dict[str, object]:
    media = (body.get("includes") or {}).get("media") or []
    return {
        str(item.get("media_key")): (item.get("public_metrics") or {}).get("view_count")
        for item in media
        if isinstance(item, dict)
    }


def _metrics(
    post_id: str, metrics: dict[str, Any], views: dict[str, object], media_keys: list[str]
) -> PostMetrics:
    def read(value: object, field: str) -> int | None:
        return count(value, field=field, provider=PROVIDER, post_id=post_id)

    reposts = metrics.get("repost_count", metrics.get("retweet_count"))
    video_views = [views.get(str(key)) for key in media_keys if views.get(str(key)) is not None]
    extra = {
        name: number
        for field, name in EXTRA.items()
        if (number := read(metrics.get(field), name)) is not None
    }
    return PostMetrics(
        views=read(video_views[0], "views") if video_views else None,
        likes=read(metrics.get("like_count"), "likes"),
        comments=read(metrics.get("reply_count"), "comments"),
        shares=read(reposts, "shares"),
        saves=read(metrics.get("bookmark_count"), "saves"),
        extra=extra,
    )
