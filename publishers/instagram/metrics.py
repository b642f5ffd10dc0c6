"""Instagram's numbers of one Reel: `GET /{media-id}/insights` (instagram.md 4), one media a
call. Meta leaves out a metric it has no value for (an empty data set, not 0: None here),
answers #10 "Not enough viewers" for a Reel few people saw (every number None, not an
error), and #100 "does not exist" for a deleted Reel (POST_GONE). Watch times come in
milliseconds."""

import asyncio
from collections.abc import Sequence
from typing import Any, ClassVar

import aiohttp
import structlog

from core.enums import Platform
from core.publisher_settings import InstagramSettings
from publishers.base import Credentials, Sleep
from publishers.errors import PublishRejected
from publishers.instagram.graph import Graph
from publishers.instagram.graph_errors import PROVIDER, parse_failure
from publishers.metric_counts import METRICS_TRIES, amount, count, reconnect_when_refused
from publishers.metrics import POST_GONE, MetricsAnswer, PostMetrics

log = structlog.get_logger(__name__)

METRICS = (
    "views", "reach", "likes", "comments", "shares", "saved",
    "ig_reels_avg_watch_time", "ig_reels_video_view_total_time",
)  # fmt: skip
NOT_ENOUGH_VIEWERS = 10
DOES_NOT_EXIST = 100
MISSING_OBJECT_SUBCODE = 33


class InstagramMetricsReader:
    platform: ClassVar[Platform] = Platform.INSTAGRAM
    batch_size: ClassVar[int] = 1

    def __init__(self, settings: InstagramSettings, *, sleep: Sleep = asyncio.sleep) -> None:
        self.base = f"{settings.graph_url.rstrip('/')}/{settings.graph_version}"
        self.sleep = sleep

    async def read_metrics(
        self, http: aiohttp.ClientSession, credentials: Credentials, post_ids: Sequence[str]
    ) -> MetricsAnswer:
        if len(post_ids) > self.batch_size:
            raise ValueError("Instagram insights are read one media at a time")
        if not post_ids:
            return {}
        (media_id,) = post_ids
        graph = Graph(http, credentials, self.sleep)
        with reconnect_when_refused(PROVIDER):
            body = await graph.call(
                "GET", f"{self.base}/{media_id}/insights", tries=METRICS_TRIES,
                params={"metric": ",".join(METRICS)},
                answers=(NOT_ENOUGH_VIEWERS, DOES_NOT_EXIST),
            )  # fmt: skip
        failure = parse_failure(body)
        if failure is None:
            return {media_id: _metrics(media_id, body.get("data"))}
        if failure.code == NOT_ENOUGH_VIEWERS:  # too few viewers for Meta to say anything
            log.info("instagram.metrics_not_enough_viewers", media_id=media_id)
            return {media_id: PostMetrics()}
        # #100/33 "Object with ID ... does not exist": deleted, or no longer this account's.
        # Any other #100 is our request's fault and stays an error.
        if failure.subcode == MISSING_OBJECT_SUBCODE:
            return {media_id: POST_GONE}
        raise PublishRejected(provider=PROVIDER, reason=failure.reason)


def _metrics(media_id: str, data: Any) -> PostMetrics:
    values: dict[str, Any] = {}
    for row in data if isinstance(data, list) else []:
        found = row.get("values") if isinstance(row, dict) else None
        if isinstance(found, list) and found and isinstance(found[0], dict):
            values[str(row.get("name"))] = found[0].get("value")

    def read(name: str) -> int | None:
        return count(values.get(name), field=name, provider=PROVIDER, post_id=media_id)

    def seconds(name: str) -> float | None:
        millis = amount(values.get(name), field=name, provider=PROVIDER, post_id=media_id)
        return None if millis is None else millis / 1000

    extra: dict[str, int | float] = {}
    reach, average = read("reach"), seconds("ig_reels_avg_watch_time")
    if reach is not None:
        extra["reach"] = reach
    if average is not None:
        extra["avg_watch_time_s"] = average
    return PostMetrics(
        views=read("views"), likes=read("likes"), comments=read("comments"),
        shares=read("shares"), saves=read("saved"),
        watch_time_s=seconds("ig_reels_video_view_total_time"), extra=extra,
    )  # fmt: skip
