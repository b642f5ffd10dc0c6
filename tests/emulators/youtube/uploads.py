"""The resumable upload protocol: a session per `videos.insert`, chunk PUTs with
Content-Range, 308 + Range for what is stored, the `bytes */total` probe, and exactly one
video per session once its last byte is stored."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from aiohttp import web

from ..openai.common import RECORD_KEY, ServiceError
from .channel import Channel
from .faults import YouTubeFault, google_error
from .metadata import check_metadata

CHUNK_GRANULARITY = 262_144
SESSION_LIFETIME = timedelta(days=7)  # "about a week" (youtube.md 2.3)
CHUNK_RANGE = re.compile(r"^bytes (\d+)-(\d+)/(\d+)$")
PROBE_RANGE = re.compile(r"^bytes \*/(\d+)$")
FAULT_KEY = web.RequestKey("youtube_fault", YouTubeFault)


@dataclass
class Session:
    id: str
    total: int
    resource: dict[str, Any]
    opened_at: datetime
    data: bytearray = field(default_factory=bytearray)
    ranges: list[tuple[int, int]] = field(default_factory=list)  # every chunk received
    resent_bytes: int = 0  # bytes received again after they were stored
    video_id: str | None = None
    gone: bool = False

    @property
    def stored(self) -> int:
        return len(self.data)


def _bad(reason: str, message: str, status: int = 400) -> ServiceError:
    return ServiceError(status, reason, message, detail=google_error(status, reason, message))


class Uploads:
    def __init__(self, channel: Channel, *, base_url: Callable[[], str]) -> None:
        self.channel, self.base_url = channel, base_url
        self.sessions: dict[str, Session] = {}

    async def start(self, request: web.Request) -> web.Response:
        if request.query.get("uploadType") != "resumable":
            raise _bad("badRequest", "uploadType=resumable expected")
        parts = set(request.query.get("part", "").split(","))
        if not {"snippet", "status"} <= parts:
            raise _bad("unexpectedPart", "part must include snippet,status")
        length = request.headers.get("X-Upload-Content-Length", "")
        media_type = request.headers.get("X-Upload-Content-Type", "")
        if not length.isdigit() or int(length) <= 0:
            raise _bad("mediaBodyRequired", "X-Upload-Content-Length is required")
        if not (media_type.startswith("video/") or media_type == "application/octet-stream"):
            raise _bad("invalidVideoMetadata", "X-Upload-Content-Type must be video/*")
        try:
            resource = await request.json()
        except ValueError as error:
            raise _bad("parseError", "the body is not JSON") from error
        check_metadata(resource)
        self.channel.charge_upload()
        session = Session(secrets.token_urlsafe(18), int(length), resource, self.channel.now())
        self.sessions[session.id] = session
        request[RECORD_KEY].notes["session"] = session.id
        location = (f"{self.base_url()}/upload/youtube/v3/videos?uploadType=resumable"
                    f"&upload_id={session.id}")  # fmt: skip
        return web.Response(
            status=200, headers={"Location": location, "X-GUploader-UploadID": session.id}
        )

    async def put(self, request: web.Request) -> web.Response:
        session = self.sessions.get(request.query.get("upload_id", ""))
        if session is not None and self.channel.now() - session.opened_at > SESSION_LIFETIME:
            session.gone = True
        if session is None or session.gone:
            raise _bad("notFound", "The upload session does not exist or has expired.", 404)
        record = request[RECORD_KEY]
        record.notes["session"] = session.id
        content_range = request.headers.get("Content-Range", "")
        body = await request.read()
        probe = PROBE_RANGE.match(content_range)
        if probe is not None:
            record.notes["probe"] = True
            return self._state(session)
        match = CHUNK_RANGE.match(content_range)
        if match is None:
            raise _bad("badContentRange", f"bad Content-Range {content_range!r}")
        first, last, total = (int(group) for group in match.groups())
        if total != session.total or last < first or last - first + 1 != len(body):
            raise _bad("badContentRange", "Content-Range does not match the body or the session")
        if last + 1 < total and len(body) % CHUNK_GRANULARITY:
            raise _bad("badChunkSize", "non-final chunks must be multiples of 262144 bytes")
        if session.video_id is not None:
            return self._state(session)
        if first > session.stored:
            raise _bad("badContentRange", f"gap: {session.stored} stored, chunk starts at {first}")
        session.ranges.append((first, last))
        record.notes["range"] = (first, last)
        if first < session.stored:
            session.resent_bytes += session.stored - first
        fresh = body[session.stored - first :]
        fault = request.get(FAULT_KEY)
        if fault is not None and fault.stored_bytes is not None:
            fresh = fresh[: fault.stored_bytes]
        session.data.extend(fresh)
        record.notes["stored"] = len(fresh)
        if session.stored == session.total:
            video = self.channel.create_video(session.resource, session.id)
            session.video_id = video.id
            record.notes["video_created"] = video.id
        return self._state(session)

    def _state(self, session: Session) -> web.Response:
        if session.video_id is not None:
            video = self.channel.videos[session.video_id]
            return web.json_response(self.channel.resource(video, {"snippet", "status"}))
        headers = {"Range": f"bytes=0-{session.stored - 1}"} if session.stored else {}
        return web.Response(status=308, headers=headers)
