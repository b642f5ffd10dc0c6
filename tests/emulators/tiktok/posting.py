"""Content Posting: creator_info, Direct Post and inbox init, chunk PUTs, status/fetch."""

from __future__ import annotations

import secrets
from typing import Any

from aiohttp import web

from .chunks import ChunkRules, expected_bounds, parse_range
from .replies import OPEN_ID, PUBLISH_ID, ApiError, ok
from .state import UPLOAD_URL_TTL_S, TikTokState, Upload, User

MAX_TITLE = 2200


class PostingApi:
    def __init__(self, state: TikTokState, rules: ChunkRules, base_url: BaseUrl) -> None:
        self.state = state
        self.rules = rules
        self.base_url = base_url
        self.verified_url_prefixes: tuple[str, ...] | None = None  # None: every URL verified

    async def creator_info(self, request: web.Request) -> web.Response:
        user = self._user(request)
        self.rate("creator_info", user.open_id, 20)
        return ok({
            "creator_avatar_url": f"https://p16.tiktokcdn.example/{user.open_id}.jpeg",
            "creator_username": user.username, "creator_nickname": user.nickname,
            "privacy_level_options": list(user.privacy_options),
            "comment_disabled": user.comment_disabled, "duet_disabled": user.duet_disabled,
            "stitch_disabled": user.stitch_disabled,
            "max_video_post_duration_sec": user.max_duration_s,
        })  # fmt: skip

    async def init_direct(self, request: web.Request) -> web.Response:
        return await self._init(request, inbox=False)

    async def init_inbox(self, request: web.Request) -> web.Response:
        return await self._init(request, inbox=True)

    async def upload(self, request: web.Request) -> web.Response:
        upload = self.state.uploads.get(request.match_info["publish_id"])
        if upload is None or upload.source != "FILE_UPLOAD":
            raise ApiError(404, "invalid_params", "No upload for this URL")
        if (
            upload.committed_at is None
            and self.state.clock() - upload.created_at >= UPLOAD_URL_TTL_S
        ):
            raise ApiError(403, "invalid_file_upload", "The upload URL has expired")
        parsed = parse_range(request.headers.get("Content-Range"))
        body = await request.read()
        if (
            parsed is None
            or parsed[2] != upload.video_size
            or len(body) != parsed[1] - parsed[0] + 1
        ):
            raise ApiError(400, "invalid_file_upload", "Content-Range does not match the chunk")
        first, last, _ = parsed
        bounds = expected_bounds(upload.video_size, upload.chunk_size, upload.chunk_count, first)
        if bounds != (first, last):
            raise ApiError(400, "invalid_file_upload", "The chunk does not follow chunk_size")
        upload.ranges.append((first, last))
        if first > upload.received:
            raise ApiError(400, "invalid_file_upload", "Chunks must be uploaded in order")
        if first == upload.received:  # else a chunk already stored, sent again: kept as is
            upload.data.extend(body)
        if upload.received == upload.video_size:
            self._commit(upload)
            return web.Response(status=201)
        return web.Response(status=206)

    async def status(self, request: web.Request) -> web.Response:
        user = self._user(request)
        body = await _json(request)
        upload = self.state.uploads.get(str(body.get("publish_id")))
        if upload is None or upload.open_id != user.open_id:
            raise ApiError(400, "invalid_params", "publish_id is invalid")
        self.rate("status", user.open_id, self.state.status_per_minute)
        request[PUBLISH_ID] = upload.publish_id
        return ok(self.state_of(upload))

    def state_of(self, upload: Upload) -> dict[str, Any]:
        now, state = self.state.clock(), self.state
        if upload.committed_at is None:
            if now - upload.created_at >= UPLOAD_URL_TTL_S:
                return {"status": "FAILED", "fail_reason": "file_upload_timeout"}
            return {"status": "PROCESSING_UPLOAD", "uploaded_bytes": upload.received}
        if now < upload.committed_at + state.processing_s:
            pulled = upload.source == "PULL_FROM_URL"
            step = "PROCESSING_DOWNLOAD" if pulled else "PROCESSING_UPLOAD"
            return {"status": step, "uploaded_bytes": upload.video_size}
        if upload.fail_reason is not None:
            return {"status": "FAILED", "fail_reason": upload.fail_reason}
        if upload.inbox:
            return {"status": "SEND_TO_USER_INBOX"}
        visible = now >= upload.committed_at + state.processing_s + state.moderation_s
        return {
            "status": "PUBLISH_COMPLETE", "uploaded_bytes": upload.video_size,
            "publicaly_available_post_id": [upload.post_id] if visible else [],
        }  # fmt: skip

    async def _init(self, request: web.Request, *, inbox: bool) -> web.Response:
        user = self._user(request)
        self.rate("init", user.open_id, self.state.init_per_minute)
        if self.state.pending_shares(user.open_id) >= self.state.pending_share_limit:
            raise ApiError(403, "spam_risk_too_many_pending_share", "Too many pending shares")
        if not inbox and self.state.posts_today(user.open_id) >= self.state.daily_post_cap:
            raise ApiError(403, "spam_risk_too_many_posts", "The daily post cap is reached")
        body = await _json(request)
        post_info = dict(body.get("post_info") or {})
        if not inbox:
            self._check_post_info(user, post_info)
        upload = self._new_upload(user, post_info, dict(body.get("source_info") or {}), inbox)
        request[PUBLISH_ID] = upload.publish_id
        if upload.source == "PULL_FROM_URL":
            self._commit(upload)  # TikTok downloads and posts by itself from here
            return ok({"publish_id": upload.publish_id})
        upload_url = (
            f"{self.base_url()}/upload/{upload.publish_id}?upload_token={secrets.token_hex(8)}"
        )
        return ok({"publish_id": upload.publish_id, "upload_url": upload_url})

    def _check_post_info(self, user: User, post_info: dict[str, Any]) -> None:
        if post_info.get("privacy_level") not in user.privacy_options:
            raise ApiError(400, "privacy_level_option_mismatch", "privacy_level is not offered")
        if len(str(post_info.get("title", ""))) > MAX_TITLE:
            raise ApiError(400, "invalid_params", "title is too long")
        if self.state.unaudited:
            post_info["privacy_level"] = "SELF_ONLY"

    def _new_upload(self, user: User, post_info: dict[str, Any], source: dict[str, Any],
                    inbox: bool) -> Upload:  # fmt: skip
        kind = source.get("source")
        publish_id = f"v_pub_file~v2-1.{self.state.new_id()}"
        upload = Upload(publish_id, user.open_id, post_info, str(kind), self.state.clock(), inbox)
        if kind == "FILE_UPLOAD":
            size, chunk = int(source.get("video_size", 0)), int(source.get("chunk_size", 0))
            count = int(source.get("total_chunk_count", 0))
            problem = self.rules.problem(size, chunk, count)
            if problem is not None:
                raise ApiError(400, "invalid_params", problem)
            upload.video_size, upload.chunk_size, upload.chunk_count = size, chunk, count
        elif kind == "PULL_FROM_URL":
            url = str(source.get("video_url") or "")
            prefixes = self.verified_url_prefixes
            if not url or (prefixes is not None and not url.startswith(prefixes)):
                raise ApiError(403, "url_ownership_unverified", "The URL's domain is not verified")
            upload.video_url = url
        else:
            raise ApiError(400, "invalid_params", f"source {kind!r}")
        self.state.uploads[publish_id] = upload
        return upload

    def _commit(self, upload: Upload) -> None:
        if upload.committed_at is not None:
            return
        upload.committed_at = self.state.clock()
        upload.fail_reason, self.state.fail_next = self.state.fail_next, None
        upload.post_id = self.state.new_id()

    def _user(self, request: web.Request) -> User:
        return self.state.users[request[OPEN_ID]]

    def rate(self, route: str, open_id: str, per_minute: int) -> None:
        calls = self.state.within(route, open_id, 60)
        if len(calls) >= per_minute:
            raise ApiError(429, "rate_limit_exceeded", "Too many requests in the last minute")
        calls.append(self.state.clock())


async def _json(request: web.Request) -> dict[str, Any]:
    try:
        body = await request.json()
    except ValueError as error:
        raise ApiError(400, "invalid_params", "The body is not JSON") from error
    if not isinstance(body, dict):
        raise ApiError(400, "invalid_params", "The body is not an object")
    return body


class BaseUrl:
    """The emulator's address once it listens (upload URLs are built from it)."""

    def __init__(self) -> None:
        self.value = ""

    def __call__(self) -> str:
        return self.value
