"""Display API video routes: /v2/video/list/ (recent posts) and /v2/video/query/ (by id):
the reconciler of a PULL_FROM_URL post and analytics read them (tiktok.md, 7)."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from .posting import PostingApi
from .replies import OPEN_ID, ok
from .state import Upload


class VideosApi:
    def __init__(self, posting: PostingApi) -> None:
        self.posting = posting
        self.views: dict[int, int] = {}  # post id -> view_count, set by tests

    def visible(self, open_id: str) -> list[Upload]:
        """Posts of `open_id` whose public id TikTok already shows, newest first."""
        uploads = [
            u for u in self.posting.state.uploads.values()
            if u.open_id == open_id and u.post_id is not None
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
        wanted = {int(i) for i in (body.get("filters") or {}).get("video_ids", [])}
        fields = request.query.get("fields", "id").split(",")
        found = [u for u in self.visible(request[OPEN_ID]) if u.post_id in wanted]
        return ok({"videos": [self._fields(u, fields) for u in found]})

    def _fields(self, upload: Upload, fields: list[str]) -> dict[str, Any]:
        post_id = upload.post_id or 0
        known: dict[str, Any] = {
            "id": str(post_id), "title": upload.post_info.get("title", ""),
            "create_time": int(upload.committed_at or 0), "view_count": self.views.get(post_id, 0),
            "like_count": 0, "comment_count": 0, "share_count": 0,
        }  # fmt: skip
        return {k: v for k, v in known.items() if k in fields}
