"""Display API video routes: /v2/video/list/ (recent posts) and /v2/video/query/ (by id):
the reconciler of a PULL_FROM_URL post and analytics read them (tiktok.md, 7). Counts grow
with the fake clock from the moment a post became visible (tests/emulators/post_metrics.py);
a query takes at most 20 ids, 600 calls a minute per user; a deleted post is left out."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from aiohttp import web

from ..post_metrics import PostMetricsModel
from .posting import PostingApi
from .replies import OPEN_ID, ApiError, ok
from .state import Upload

MAX_QUERY_IDS = 20
QUERIES_PER_MINUTE = 600


class VideosApi:
    def __init__(self, posting: PostingApi) -> None:
        self.posting = posting
        state = posting.state
        self.metrics = PostMetricsModel(lambda: datetime.fromtimestamp(state.clock(), UTC))
        self.deleted: set[int] = set()  # post ids their owner deleted
        # Fields answered verbatim instead of the grown counts (absurd values), by post id.
        self.overrides: dict[int, dict[str, Any]] = {}

    def seed_video(self, open_id: str, title: str, *, published_at: float | None = None) -> int:
        """A public post visible since `published_at` (default: now), without the upload
        (tests, the bench); its post id."""
        state = self.posting.state
        visible = state.clock() if published_at is None else published_at
        committed = visible - state.processing_s - state.moderation_s
        upload = Upload(f"v_pub_file~v2-1.{state.new_id()}", open_id,
                        {"title": title, "privacy_level": "PUBLIC_TO_EVERYONE"},
                        "FILE_UPLOAD", committed, committed_at=committed)  # fmt: skip
        upload.post_id = state.new_id()
        state.uploads[upload.publish_id] = upload
        return upload.post_id

    def visible(self, open_id: str) -> list[Upload]:
        """Posts of `open_id` whose public id TikTok already shows, newest first."""
        uploads = [
            u for u in self.posting.state.uploads.values()
            if u.open_id == open_id and u.post_id is not None and u.post_id not in self.deleted
            and self.posting.state_of(u).get("publicaly_available_post_id")
        ]  # fmt: skip
        return sorted(uploads, key=lambda u: u.committed_at or 0, reverse=True)

    async def list_videos(self, request: web.Request) -> web.Response:
        body = await request.json()
        count = int(body.get("max_count", 20)) if isinstance(body, dict) else 20
        fields = request.query.get("fields", "id").split(",")
        videos = [self._fields(u, fields) for u in self.visible(request[OPEN_ID])[:count]]
        return ok({"videos": videos, "cursor": 0, "has_more": False})

    async def query_videos(self, request: web.Request) -> web.Response:
        body = await request.json()
        asked = (body.get("filters") or {}).get("video_ids", []) if isinstance(body, dict) else []
        if not asked or len(asked) > MAX_QUERY_IDS:
            raise ApiError(400, "invalid_params", f"video_ids: 1 to {MAX_QUERY_IDS} ids")
        self.posting.rate("video_query", request[OPEN_ID], QUERIES_PER_MINUTE)
        wanted = {int(i) for i in asked}
        fields = request.query.get("fields", "id").split(",")
        found = [u for u in self.visible(request[OPEN_ID]) if u.post_id in wanted]
        return ok({"videos": [self._fields(u, fields) for u in found], "cursor": 0,
                   "has_more": False})  # fmt: skip

    def _fields(self, upload: Upload, fields: list[str]) -> dict[str, Any]:
        post_id = upload.post_id or 0
        state = self.posting.state
        visible_at = (upload.committed_at or 0) + state.processing_s + state.moderation_s
        counts = self.metrics.counts(str(post_id), datetime.fromtimestamp(visible_at, UTC))
        known: dict[str, Any] = {
            "id": str(post_id), "title": upload.post_info.get("title", ""),
            "create_time": int(upload.committed_at or 0), "view_count": counts["views"],
            "like_count": counts["likes"], "comment_count": counts["comments"],
            "share_count": counts["shares"],
        } | self.overrides.get(post_id, {})  # fmt: skip
        return {k: v for k, v in known.items() if k in fields}
