"""`GET /{media-id}/insights` (instagram.md 4): lifetime values grown from the fake clock
(tests/emulators/post_metrics.py), watch times in milliseconds. An unknown metric is #100;
a Reel with too few viewers answers #10 "Not enough viewers"; one still in the lag answers
an empty data set (not zeros); a deleted one #100/33."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from .access import caller
from .errors import bad_param, graph_error, not_found
from .state import Media, World

METRICS = frozenset({
    "views", "reach", "likes", "comments", "shares", "saved", "total_interactions",
    "ig_reels_avg_watch_time", "ig_reels_video_view_total_time",
})  # fmt: skip
NOT_ENOUGH_VIEWERS = "(#10) Not enough viewers for the media to show insights"


def lifetime_values(world: World, media: Media) -> dict[str, Any]:
    counts = world.metrics.counts(media.id, media.timestamp)
    views = int(counts["views"])
    engaged = [int(counts[name]) for name in ("likes", "comments", "shares", "saves")]
    values: dict[str, Any] = {
        "views": views, "reach": counts["reach"], "likes": counts["likes"],
        "comments": counts["comments"], "shares": counts["shares"], "saved": counts["saves"],
        "total_interactions": sum(engaged),
        "ig_reels_video_view_total_time": int(float(counts["watch_time_s"]) * 1000),
        "ig_reels_avg_watch_time": int(float(counts["watch_time_s"]) * 1000 / views)
        if views else 0,
    }  # fmt: skip
    return values | media.insights


class InsightsRoutes:
    def __init__(self, world: World) -> None:
        self.world = world

    async def insights(self, request: web.Request) -> web.Response:
        token, given = await caller(self.world, request)
        media = self.world.media.get(request.match_info["object_id"])
        if media is None or media.user_id != token.user_id:
            raise not_found(request.match_info["object_id"])
        asked = [name for name in given.get("metric", "").split(",") if name]
        unknown = [name for name in asked if name not in METRICS]
        if not asked or unknown:
            raise bad_param(f"(#100) metric[0] must be one of the following values: "
                            f"{', '.join(sorted(METRICS))}")  # fmt: skip
        if media.not_enough_viewers:
            raise graph_error(10, NOT_ENOUGH_VIEWERS)
        values = {} if media.no_data else lifetime_values(self.world, media)
        rows = [
            {"name": name, "period": "lifetime", "values": [{"value": values[name]}],
             "title": name, "description": name, "id": f"{media.id}/insights/{name}/lifetime"}
            for name in asked if values.get(name) is not None
        ]  # fmt: skip
        return web.json_response({"data": rows})
