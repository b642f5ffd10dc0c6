"""The channel: its videos (each made by exactly one completed upload session, or seeded by
a test), their processing (a few polls of `videos.list`), the uploads playlist, the quota,
and the read routes (`channels.list`, `videos.list`, `playlistItems.list`, Analytics
`reports`). Statistics grow with the fake clock (tests/emulators/post_metrics.py)."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from aiohttp import web

from ..openai.common import ServiceError
from ..post_metrics import PostMetricsModel
from .faults import google_error
from .statistics import video_statistics

PACIFIC = ZoneInfo("America/Los_Angeles")
MAX_IDS = 50


@dataclass
class Video:
    id: str
    resource: dict[str, Any]
    created_at: datetime
    session_id: str
    polls_left: int  # videos.list answers "processing" this many more times
    fail_processing: bool = False
    # A statistic answered verbatim instead of the grown count (an absurd value).
    stat_overrides: dict[str, str] = field(default_factory=dict)

    @property
    def title(self) -> str:
        return str(self.resource["snippet"]["title"])

    def processing_status(self) -> str:
        if self.polls_left > 0:
            return "processing"
        return "failed" if self.fail_processing else "succeeded"

    def is_post(self) -> bool:
        """Public, or private with a publishAt the platform will honour."""
        status = self.resource["status"]
        if self.fail_processing:
            return False
        if status.get("publishAt"):
            return True
        return bool(status.get("privacyStatus") == "public")

    def published_at(self) -> datetime:
        publish_at = self.resource["status"].get("publishAt")
        if publish_at:
            return datetime.fromisoformat(publish_at.replace("Z", "+00:00"))
        return self.created_at

    def is_public(self, now: datetime) -> bool:
        status = self.resource["status"]
        if self.fail_processing:
            return False
        publish_at = status.get("publishAt")
        if publish_at and datetime.fromisoformat(publish_at.replace("Z", "+00:00")) <= now:
            return True
        return bool(status.get("privacyStatus") == "public")


class Channel:
    def __init__(
        self, channel_id: str, title: str, *, now: Callable[[], datetime],
        processing_polls: int, daily_quota_units: int, upload_cost_units: int,
    ) -> None:  # fmt: skip
        self.id, self.title, self.now = channel_id, title, now
        self.processing_polls = processing_polls
        self.daily_quota_units, self.upload_cost_units = daily_quota_units, upload_cost_units
        self.videos: dict[str, Video] = {}
        self.quota_used: dict[str, int] = {}  # Pacific date -> units
        self.fail_next_processing = False
        self.metrics = PostMetricsModel(now)
        self.list_cost_units = 1  # videos.list, whatever its parts

    @property
    def uploads_playlist(self) -> str:
        return "UU" + self.id[2:]

    # -- quota ----------------------------------------------------------------------
    def _quota_day(self) -> str:
        return self.now().astimezone(PACIFIC).date().isoformat()

    def charge_upload(self) -> None:
        self.charge(self.upload_cost_units)

    def charge(self, units: int) -> None:
        day = self._quota_day()
        used = self.quota_used.get(day, 0)
        if used + units > self.daily_quota_units:
            raise ServiceError(403, "quotaExceeded", "quota", detail=google_error(
                403, "quotaExceeded", "The request cannot be completed because you have "
                "exceeded your quota.", domain="youtube.quota"))  # fmt: skip
        self.quota_used[day] = used + units

    def exhaust_quota(self) -> None:
        self.quota_used[self._quota_day()] = self.daily_quota_units

    def next_quota_reset(self) -> datetime:
        local = self.now().astimezone(PACIFIC)
        return datetime.combine(local.date() + timedelta(days=1), datetime.min.time(), PACIFIC)

    # -- videos ---------------------------------------------------------------------
    def create_video(self, resource: dict[str, Any], session_id: str) -> Video:
        video_id = secrets.token_urlsafe(8).replace("-", "a").replace("_", "b")[:11]
        body = {
            "kind": "youtube#video", "id": video_id,
            "snippet": {**resource["snippet"], "channelId": self.id,
                        "publishedAt": _iso(self.now())},
            "status": {**resource["status"], "uploadStatus": "uploaded"},
        }  # fmt: skip
        video = Video(video_id, body, self.now(), session_id, self.processing_polls,
                      self.fail_next_processing)  # fmt: skip
        self.fail_next_processing = False
        self.videos[video_id] = video
        return video

    def seed_video(self, title: str, *, published_at: datetime | None = None) -> Video:
        """A public, processed video as if uploaded at `published_at` (default: now),
        without the upload (the metrics tests and the bench need thousands)."""
        resource = {"snippet": {"title": title, "description": ""},
                    "status": {"privacyStatus": "public"}}  # fmt: skip
        video = self.create_video(resource, session_id="seeded")
        video.polls_left, video.created_at = 0, published_at or self.now()
        return video

    def delete(self, video_id: str) -> None:
        """The owner deleted the video: `videos.list` leaves it out from now on."""
        del self.videos[video_id]

    def titled(self, title: str) -> list[Video]:
        return [video for video in self.videos.values() if video.title == title]

    def resource(self, video: Video, parts: set[str]) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": "youtube#video", "id": video.id}
        status = video.processing_status()
        if "snippet" in parts:
            out["snippet"] = video.resource["snippet"]
        if "status" in parts:
            upload = {"processing": "uploaded", "succeeded": "processed"}.get(status, "failed")
            out["status"] = {**video.resource["status"], "uploadStatus": upload}
        if "processingDetails" in parts:
            out["processingDetails"] = {"processingStatus": status}
        if "statistics" in parts:
            out["statistics"] = self.statistics(video)
        return out

    def statistics(self, video: Video) -> dict[str, str]:
        return video_statistics(video, self.metrics, self.now())

    # -- read routes ----------------------------------------------------------------
    async def channels(self, request: web.Request) -> web.Response:
        if request.query.get("mine") != "true":
            raise ServiceError(400, "missingRequiredParameter", "mine=true expected")
        item = {
            "kind": "youtube#channel", "id": self.id,
            "snippet": {"title": self.title, "customUrl": "@emulated",
                        "thumbnails": {"default": {"url": "https://yt3.example/a.jpg"}}},
            "contentDetails": {"relatedPlaylists": {"uploads": self.uploads_playlist}},
            "statistics": {"subscriberCount": "42", "videoCount": str(len(self.videos))},
        }  # fmt: skip
        return web.json_response({"kind": "youtube#channelListResponse", "items": [item]})

    async def videos_list(self, request: web.Request) -> web.Response:
        parts = set(request.query.get("part", "").split(","))
        ids = [i for i in request.query.get("id", "").split(",") if i]
        if len(ids) > MAX_IDS:
            raise ServiceError(400, "badRequest", "The request specifies too many ids.",
                               detail=google_error(400, "badRequest", "too many ids"))  # fmt: skip
        self.charge(self.list_cost_units)
        items = []
        for video_id in ids:
            video = self.videos.get(video_id)
            if video is None:
                continue
            items.append(self.resource(video, parts))
            if video.polls_left > 0:
                video.polls_left -= 1
        return web.json_response({"kind": "youtube#videoListResponse", "items": items})

    async def playlist_items(self, request: web.Request) -> web.Response:
        if request.query.get("playlistId") != self.uploads_playlist:
            raise ServiceError(404, "playlistNotFound", "playlist not found")
        newest_first = sorted(self.videos.values(), key=lambda v: v.created_at, reverse=True)
        limit = int(request.query.get("maxResults", "5"))
        items = [{
            "kind": "youtube#playlistItem",
            "snippet": {"title": v.title, "description": v.resource["snippet"].get("description"),
                        "publishedAt": _iso(v.created_at), "playlistId": self.uploads_playlist,
                        "resourceId": {"kind": "youtube#video", "videoId": v.id}},
        } for v in newest_first[:limit]]  # fmt: skip
        return web.json_response({"kind": "youtube#playlistItemListResponse", "items": items})


def _iso(moment: datetime) -> str:
    return moment.astimezone(ZoneInfo("UTC")).strftime("%Y-%m-%dT%H:%M:%SZ")
