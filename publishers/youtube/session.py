"""The resumable upload protocol's three calls (youtube.md 2.1-2.3): open a session, PUT a
chunk with Content-Range, and probe with `bytes */total`. Each answer becomes an
UploadState: the video (done), the offset Google confirmed (its Range header, never our own
count), or gone (404/410: the session expired)."""

import asyncio
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from publishers.base import PublishContext
from publishers.errors import PublishUnavailable
from publishers.http import SAFE_TRIES, Reply, send_authorized
from publishers.youtube.replies import NEEDS_REASON, PROVIDER, raise_for_reply

RESUME_INCOMPLETE = 308
GONE = (404, 410)
UPLOAD_ACCEPT = (RESUME_INCOMPLETE, *GONE, *NEEDS_REASON)
RANGE = re.compile(r"bytes=0-(\d+)")


@dataclass(frozen=True, slots=True)
class UploadState:
    offset: int = 0  # bytes Google has stored
    video: dict[str, Any] | None = None
    gone: bool = False


async def open_session(
    ctx: PublishContext, api_url: str, resource: dict[str, Any], *, now: datetime
) -> str:
    """A new session's URI. Safe to retry: a session nobody completes just expires."""
    reply = await send_authorized(
        ctx.http, "POST", f"{api_url}/upload/youtube/v3/videos",
        params={"uploadType": "resumable", "part": "snippet,status", "notifySubscribers": "true"},
        json=resource, credentials=ctx.credentials, provider=PROVIDER, sleep=ctx.sleep,
        headers={"X-Upload-Content-Length": str(ctx.video.size),
                 "X-Upload-Content-Type": "video/mp4"},
        accept=NEEDS_REASON,
    )  # fmt: skip
    if reply.status in NEEDS_REASON:
        raise_for_reply(reply, now=now)
    location = reply.headers.get("Location")
    if not location:
        raise PublishUnavailable(provider=PROVIDER, reason="session start without a Location")
    return location


async def put_chunk(
    ctx: PublishContext, uri: str, start: int, end: int, *, now: datetime
) -> UploadState:
    """Bytes [start, end) of the file, sent once (the caller probes before any resend)."""
    data = await asyncio.to_thread(_read, ctx.video.path, start, end)
    reply = await send_authorized(
        ctx.http, "PUT", uri, data=data, tries=1, accept=UPLOAD_ACCEPT,
        headers={"Content-Type": "video/mp4",
                 "Content-Range": f"bytes {start}-{end - 1}/{ctx.video.size}"},
        credentials=ctx.credentials, provider=PROVIDER, sleep=ctx.sleep,
    )  # fmt: skip
    return _state(reply, now=now)


async def probe(ctx: PublishContext, uri: str, *, now: datetime) -> UploadState:
    """What the session holds; safe to retry."""
    reply = await send_authorized(
        ctx.http, "PUT", uri, data=b"", tries=SAFE_TRIES, accept=UPLOAD_ACCEPT,
        headers={"Content-Range": f"bytes */{ctx.video.size}"},
        credentials=ctx.credentials, provider=PROVIDER, sleep=ctx.sleep,
    )  # fmt: skip
    return _state(reply, now=now)


def _state(reply: Reply, *, now: datetime) -> UploadState:
    if reply.status == RESUME_INCOMPLETE:
        # No Range: nothing stored yet (python-client PR #312).
        found = RANGE.fullmatch(reply.headers.get("Range", ""))
        return UploadState(offset=int(found.group(1)) + 1 if found else 0)
    if reply.status in GONE:
        return UploadState(gone=True)
    if reply.status in NEEDS_REASON:
        raise_for_reply(reply, now=now)
    return UploadState(video=reply.json())  # 200 or 201: the video resource


def _read(path: Path, start: int, end: int) -> bytes:
    with path.open("rb") as file:
        file.seek(start)
        return file.read(end - start)
