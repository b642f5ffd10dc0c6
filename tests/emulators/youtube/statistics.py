"""What `videos.list part=statistics` and Analytics `reports` answer for the channel's
videos: counts grown from the fake clock (tests/emulators/post_metrics.py), as strings."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from aiohttp import web

from ..post_metrics import PostMetricsModel

if TYPE_CHECKING:
    from .channel import Channel, Video


def video_statistics(video: Video, metrics: PostMetricsModel, now: datetime) -> dict[str, str]:
    """Counts as strings, as Google sends them; zero until the video is public."""
    counts: dict[str, int | float] = {"views": 0, "likes": 0, "comments": 0}
    if video.is_public(now):
        counts |= metrics.counts(video.id, video.published_at())
    stats = {"viewCount": str(counts["views"]), "likeCount": str(counts["likes"]),
             "commentCount": str(counts["comments"]), "favoriteCount": "0"}  # fmt: skip
    return stats | video.stat_overrides


async def reports(channel: Channel, request: web.Request) -> web.Response:
    """Analytics v2: one row with the statistics summed over the channel's videos."""
    stats = [channel.statistics(v) for v in channel.videos.values()]
    views = sum(int(s["viewCount"]) for s in stats)
    likes = sum(int(s["likeCount"]) for s in stats)
    headers = [{"name": "day", "columnType": "DIMENSION", "dataType": "STRING"},
               {"name": "views", "columnType": "METRIC", "dataType": "INTEGER"},
               {"name": "likes", "columnType": "METRIC", "dataType": "INTEGER"}]  # fmt: skip
    day = request.query.get("endDate", channel.now().date().isoformat())
    return web.json_response({"columnHeaders": headers, "rows": [[day, views, likes]]})
