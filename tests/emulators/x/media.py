"""X's v2 chunked media upload (x.md 2.1, 2.3): initialize, append (multipart `segment_index`
+ `media`, or JSON with base64 `media` as the official xdk sends it), finalize, and STATUS,
which moves pending -> in_progress -> succeeded (or failed) over `processing_polls` polls."""

from __future__ import annotations

import asyncio
import base64
import binascii
from typing import Any

from aiohttp import web

from ..openai.common import RECORD_KEY, ServiceError
from .state import MEDIA_TTL_S, USER_KEY, Media, XState

MAX_SEGMENT_BYTES = 5 * 1024 * 1024
MAX_TOTAL_BYTES = 512 * 1024 * 1024
CATEGORIES = frozenset({"tweet_video", "amplify_video"})
INVALID = "https://api.twitter.com/2/problems/invalid-request"
NOT_FOUND = "https://api.twitter.com/2/problems/resource-not-found"


def invalid(message: str, status: int = 400, kind: str = INVALID) -> ServiceError:
    """X's 400: a problem with the parameter errors inside."""
    body = {"errors": [{"message": message}], "title": "Invalid Request",
            "detail": "One or more parameters to your request was invalid.",
            "type": kind, "status": status}  # fmt: skip
    return ServiceError(status, "Invalid Request", message, detail=body)


class MediaApi:
    def __init__(
        self,
        state: XState,
        *,
        processing_polls: int,
        check_after_secs: int,
        bytes_per_second: float | None,
    ) -> None:
        self.state = state
        self.processing_polls = processing_polls
        self.check_after_secs = check_after_secs
        self.bytes_per_second = bytes_per_second  # None: appends take no time
        self.fail_processing = False  # STATUS ends in `failed` (UnsupportedMedia)

    async def initialize(self, request: web.Request) -> web.Response:
        body = request[RECORD_KEY].json or {}
        total = body.get("total_bytes")
        if body.get("media_type") != "video/mp4" or body.get("media_category") not in CATEGORIES:
            raise invalid("media_type must be video/mp4 with a video media_category")
        if not isinstance(total, int) or not 0 < total <= MAX_TOTAL_BYTES:
            raise invalid(f"total_bytes must be 1..{MAX_TOTAL_BYTES}")
        media_id = self.state.new_id()
        media = Media(
            media_id, f"7_{media_id}", _user(request), total, body["media_type"],
            body["media_category"], self.state.clock.now() + MEDIA_TTL_S,
        )  # fmt: skip
        self.state.media[media_id] = media
        request[RECORD_KEY].notes["media_id"] = media_id
        data = {"id": media_id, "media_key": media.key, "expires_after_secs": MEDIA_TTL_S}
        return web.json_response({"data": data})

    async def append(self, request: web.Request) -> web.Response:
        media = self._media(request)
        if media.finalized:
            raise invalid("media is already finalized")
        index, chunk = _segment(request)
        if not 0 <= index < 1000 or index > len(media.segments):
            raise invalid(f"segment_index {index} is out of order")
        if len(chunk) > MAX_SEGMENT_BYTES:
            raise invalid("segment is over 5 MB", status=413)
        if self.bytes_per_second:
            await asyncio.sleep(len(chunk) / self.bytes_per_second)
        media.segments[index] = chunk
        media.appends.append((index, len(chunk)))
        request[RECORD_KEY].notes.update(media_id=media.id, segment_index=index)
        return web.json_response({"meta": {}})

    async def finalize(self, request: web.Request) -> web.Response:
        media = self._media(request)
        if not media.finalized:
            if sorted(media.segments) != list(range(len(media.segments))):
                raise invalid("segments are not contiguous")
            if sum(map(len, media.segments.values())) != media.total_bytes:
                raise invalid("Segments do not add up to provided total file size.")
            media.finalized = True
            media.state = "pending" if self.processing_polls else "succeeded"
        data: dict[str, Any] = {
            "id": media.id,
            "media_key": media.key,
            "size": media.total_bytes,
            "expires_after_secs": MEDIA_TTL_S,
        }
        if self.processing_polls:
            data["processing_info"] = self._info(media)
        return web.json_response({"data": data})

    async def status(self, request: web.Request) -> web.Response:
        if request.query.get("command") != "STATUS":
            raise invalid("command must be STATUS")
        media = self._media(request, request.query.get("media_id", ""))
        if not media.finalized:
            raise invalid("media is not finalized")
        if media.state in ("pending", "in_progress"):
            media.polls += 1
            if self.fail_processing:
                media.state = "failed"
            else:
                done = media.polls >= self.processing_polls
                media.state = "succeeded" if done else "in_progress"
        data = {"id": media.id, "media_key": media.key, "processing_info": self._info(media)}
        return web.json_response({"data": data})

    def _info(self, media: Media) -> dict[str, Any]:
        info: dict[str, Any] = {"state": media.state}
        if media.state in ("pending", "in_progress"):
            info["check_after_secs"] = self.check_after_secs
            info["progress_percent"] = min(99, 100 * media.polls // max(self.processing_polls, 1))
        elif media.state == "succeeded":
            info["progress_percent"] = 100
        else:
            message = "Duration exceeds max duration of 2 minutes 20 seconds"
            info["error"] = {"code": 3, "name": "UnsupportedMedia", "message": message}
        return info

    def _media(self, request: web.Request, media_id: str | None = None) -> Media:
        media_id = media_id if media_id is not None else request.match_info["id"]
        media = self.state.media.get(media_id)
        if media is None or media.user_id != _user(request):
            raise invalid(f"media {media_id} not found", kind=NOT_FOUND)
        if media.expires_at < self.state.clock.now():
            raise invalid(f"media {media_id} has expired", kind=NOT_FOUND)
        return media


def _segment(request: web.Request) -> tuple[int, bytes]:
    record = request[RECORD_KEY]
    if isinstance(record.json, dict):  # the xdk's JSON append, media as base64
        raw_index, encoded = record.json.get("segment_index"), record.json.get("media", "")
        try:
            chunk = base64.b64decode(str(encoded), validate=True)
        except binascii.Error as error:
            raise invalid("media must be base64") from error
    else:
        raw_index = record.field_value("segment_index")
        files = [item for item in record.files if item.name == "media"]
        if not files:
            raise invalid("media is required (a file part)")
        chunk = files[0].data
    try:
        return int(str(raw_index)), chunk
    except ValueError as error:
        raise invalid("segment_index is required") from error


def _user(request: web.Request) -> str:
    return request[USER_KEY]  # set by the emulator's token check
