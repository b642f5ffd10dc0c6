"""YouTube's counts of a batch of Shorts: `videos.list part=statistics` (<= 50 IDs, 1 quota
unit a call; youtube.md 4). The Data API's counts are fresh; the Analytics API lags 48-72 h,
so it is not read here. Counts come as strings; a video left out of `items` was deleted or
made private: POST_GONE."""

import asyncio
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any, ClassVar

import aiohttp

from core.enums import Platform
from core.publisher_settings import YouTubeSettings
from publishers.base import Credentials, Sleep
from publishers.http import send_authorized
from publishers.metric_counts import METRICS_TRIES, count, reconnect_when_refused
from publishers.metrics import POST_GONE, MetricsAnswer, PostGone, PostMetrics
from publishers.youtube.replies import NEEDS_REASON, PROVIDER, raise_for_reply

MAX_IDS = 50


class YouTubeMetricsReader:
    platform: ClassVar[Platform] = Platform.YOUTUBE
    batch_size: ClassVar[int] = MAX_IDS

    def __init__(
        self, settings: YouTubeSettings, *,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC), sleep: Sleep = asyncio.sleep,
    ) -> None:  # fmt: skip
        self.api_url = settings.api_url.rstrip("/")
        self.clock, self.sleep = clock, sleep

    async def read_metrics(
        self, http: aiohttp.ClientSession, credentials: Credentials, post_ids: Sequence[str]
    ) -> MetricsAnswer:
        if len(post_ids) > MAX_IDS:
            raise ValueError(f"videos.list takes at most {MAX_IDS} IDs")
        if not post_ids:
            return {}
        with reconnect_when_refused(PROVIDER):
            reply = await send_authorized(
                http, "GET", f"{self.api_url}/youtube/v3/videos",
                params={"part": "statistics", "id": ",".join(post_ids)},
                credentials=credentials, provider=PROVIDER, sleep=self.sleep,
                tries=METRICS_TRIES, accept=NEEDS_REASON,
            )  # fmt: skip
        if reply.status in NEEDS_REASON:
            raise_for_reply(reply, now=self.clock())
        items = (reply.json() or {}).get("items") or []
        found = {str(item.get("id")): item.get("statistics") or {} for item in items}
        answer: dict[str, PostMetrics | PostGone] = {}
        for post_id in post_ids:
            stats = found.get(post_id)
            answer[post_id] = POST_GONE if stats is None else _metrics(post_id, stats)
        return answer


def _metrics(post_id: str, stats: dict[str, Any]) -> PostMetrics:
    def read(name: str, field: str) -> int | None:
        return count(stats.get(name), field=field, provider=PROVIDER, post_id=post_id)

    # likeCount is absent when the owner hides likes: None, not 0.
    return PostMetrics(
        views=read("viewCount", "views"),
        likes=read("likeCount", "likes"),
        comments=read("commentCount", "comments"),
    )
