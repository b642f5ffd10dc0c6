"""TikTok's counts of a batch of posts: `POST /v2/video/query/` (scope video.list, <= 20 IDs,
tiktok.md 7). No saves and no watch time in the Display API.

What the publisher stored as the post ID: the public post ID (`publicaly_available_post_id`)
once moderation showed it, else the `publish_id` standing in for it (moderation can hold
the public ID for hours). A publish_id is resolved here through status/fetch each time: its
public ID is read under the stored ID; still held, it is left out (read next time); failed,
it is gone. A post ID the query leaves out was deleted or made private: POST_GONE.
"""

import asyncio
from collections.abc import Sequence
from typing import Any, ClassVar

import aiohttp
import structlog

from core.enums import Platform
from core.publisher_settings import TikTokSettings
from publishers.base import Credentials, Sleep
from publishers.metric_counts import METRICS_TRIES, count, reconnect_when_refused
from publishers.metrics import POST_GONE, MetricsAnswer, PostGone, PostMetrics
from publishers.tiktok.oauth import utc_now
from publishers.tiktok.status import STATUS_PATH, PublishStatus
from publishers.tiktok.wire import PROVIDER, Clock, call_api

log = structlog.get_logger(__name__)

QUERY_PATH = "/v2/video/query/"
FIELDS = "id,view_count,like_count,comment_count,share_count"
MAX_IDS = 20
PUBLISH_ID_PREFIX = "v_pub_"


class TikTokMetricsReader:
    platform: ClassVar[Platform] = Platform.TIKTOK
    batch_size: ClassVar[int] = MAX_IDS

    def __init__(
        self, settings: TikTokSettings, *, clock: Clock = utc_now, sleep: Sleep = asyncio.sleep
    ) -> None:
        self.api = settings.api_url.rstrip("/")
        self.clock, self.sleep = clock, sleep

    async def read_metrics(
        self, http: aiohttp.ClientSession, credentials: Credentials, post_ids: Sequence[str]
    ) -> MetricsAnswer:
        if len(post_ids) > MAX_IDS:
            raise ValueError(f"video/query takes at most {MAX_IDS} IDs")
        answer: dict[str, PostMetrics | PostGone] = {}
        with reconnect_when_refused(PROVIDER):
            public = await self._public_ids(http, credentials, post_ids, answer)
            videos = await self._query(http, credentials, list(public)) if public else {}
        for public_id, stored_id in public.items():
            video = videos.get(public_id)
            answer[stored_id] = POST_GONE if video is None else _metrics(stored_id, video)
        return answer

    async def _public_ids(
        self, http: aiohttp.ClientSession, credentials: Credentials, post_ids: Sequence[str],
        answer: dict[str, PostMetrics | PostGone],
    ) -> dict[str, str]:  # fmt: skip
        """The public post ID of each stored ID -> the stored ID; a publish_id that failed
        goes into `answer` as gone, one still held by moderation is left out."""
        public: dict[str, str] = {}
        for post_id in post_ids:
            if not post_id.startswith(PUBLISH_ID_PREFIX):
                public[post_id] = post_id
                continue
            status = await self._status(http, credentials, post_id)
            if status.failed:
                answer[post_id] = POST_GONE
            elif status.post_ids:
                public[status.post_ids[0]] = post_id
            else:
                log.info("tiktok.metrics_post_id_pending", publish_id=post_id)
        return public

    async def _status(
        self, http: aiohttp.ClientSession, credentials: Credentials, publish_id: str
    ) -> PublishStatus:
        data = await call_api(
            http, self.api + STATUS_PATH, credentials=credentials, sleep=self.sleep,
            clock=self.clock, body={"publish_id": publish_id}, tries=METRICS_TRIES,
        )  # fmt: skip
        return PublishStatus.from_data(data)

    async def _query(
        self, http: aiohttp.ClientSession, credentials: Credentials, ids: list[str]
    ) -> dict[str, dict[str, Any]]:
        data = await call_api(
            http, f"{self.api}{QUERY_PATH}?fields={FIELDS}", credentials=credentials,
            sleep=self.sleep, clock=self.clock, body={"filters": {"video_ids": ids}},
            tries=METRICS_TRIES,
        )  # fmt: skip
        videos = data.get("videos") or []
        return {str(v.get("id")): v for v in videos if isinstance(v, dict)}


def _metrics(post_id: str, video: dict[str, Any]) -> PostMetrics:
    def read(name: str, field: str) -> int | None:
        return count(video.get(name), field=field, provider=PROVIDER, post_id=post_id)

    return PostMetrics(
        views=read("view_count", "views"), likes=read("like_count", "likes"),
        comments=read("comment_count", "comments"), shares=read("share_count", "shares"),
    )  # fmt: skip
