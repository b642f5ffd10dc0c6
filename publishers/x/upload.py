"""X's chunked media upload on the v2 endpoints (x.md, 2.1 and 2.3), resumable from the
ledger: initialize, append segments in order, finalize, then poll STATUS until processed.

Every step is safe to repeat (an orphan media ID just expires), so only one rule matters:
the ledger holds the media ID before the first segment and the index of the last segment X
acknowledged after each one, so a killed worker resumes at the next segment instead of
uploading the file again. A media ID close to its expiry is dropped and the upload starts
over (before the commit that is harmless).
"""

import asyncio
import math
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.enums import PublicationState
from publishers.base import PublishContext
from publishers.errors import PublishRejected, PublishUnavailable
from publishers.http import Reply
from publishers.x.calls import PROVIDER, Clock, call

MEDIA_ID = "x_media_id"
MEDIA_KEY = "x_media_key"
MEDIA_EXPIRES_AT = "x_media_expires_at"
SEGMENT_SIZE = "x_segment_size"
LAST_SEGMENT = "x_last_segment"  # the last segment X acknowledged; -1 before the first
FINALIZED = "x_finalized"
MEDIA_READY = "x_media_ready"
STARTED_AT = "x_started_at"
MEDIA_KEYS = (MEDIA_ID, MEDIA_KEY, MEDIA_EXPIRES_AT, SEGMENT_SIZE, LAST_SEGMENT, FINALIZED,
              MEDIA_READY)  # fmt: skip
MAX_SEGMENTS = 1000  # segment_index is 0..999
MAX_SEGMENT_BYTES = 5 * 1024 * 1024
EXPIRY_MARGIN_S = 3600  # start over rather than race the media's expiry to the commit
WAITING = frozenset({"pending", "in_progress"})
MIN_POLL_S = 1.0  # a `check_after_secs` of 0 must not turn the poll into a busy loop


@dataclass(frozen=True, slots=True)
class MediaUpload:
    api_url: str
    segment_size: int
    clock: Clock
    max_processing_wait_s: float

    async def ready_media(self, ctx: PublishContext) -> str:
        """The ID of the uploaded, processed video, resuming wherever the ledger says."""
        ledger = ctx.ledger
        expires_at = ledger.get(MEDIA_EXPIRES_AT)
        if isinstance(expires_at, int) and self.clock() > expires_at - EXPIRY_MARGIN_S:
            await ledger.save(**dict.fromkeys(MEDIA_KEYS))
        if ledger.get(MEDIA_ID) is None:
            await self._initialize(ctx)
        if not ledger.get(FINALIZED):
            await self._append_rest(ctx)
            await self._finalize(ctx)
        if not ledger.get(MEDIA_READY):
            await self._wait_processed(ctx, first_wait_s=0.0)
        return str(ledger.get(MEDIA_ID))

    async def _initialize(self, ctx: PublishContext) -> None:
        body = {"media_type": "video/mp4", "total_bytes": ctx.video.size,
                "media_category": "tweet_video"}  # fmt: skip
        reply = await self._call(ctx, "POST", "/2/media/upload/initialize", json=body)
        data = reply.json()["data"]
        segment = max(self.segment_size, math.ceil(ctx.video.size / MAX_SEGMENTS))
        await ctx.ledger.save(
            PublicationState.UPLOADING,
            x_media_id=str(data["id"]),
            x_media_key=str(data.get("media_key") or ""),
            x_media_expires_at=int(self.clock() + float(data.get("expires_after_secs", 86_400))),
            x_segment_size=min(segment, MAX_SEGMENT_BYTES),
            x_last_segment=-1,
            x_started_at=ctx.ledger.get(STARTED_AT) or int(self.clock()),
        )

    async def _append_rest(self, ctx: PublishContext) -> None:
        ledger = ctx.ledger
        media_id, size = str(ledger.get(MEDIA_ID)), int(ledger.get(SEGMENT_SIZE) or 1)
        count = max(1, math.ceil(ctx.video.size / size))
        last = ledger.get(LAST_SEGMENT)
        for index in range(0 if last is None else int(last) + 1, count):
            chunk = await asyncio.to_thread(_read, ctx.video.path, index * size, size)
            body, content_type = _multipart(index, chunk)
            await self._call(
                ctx, "POST", f"/2/media/upload/{media_id}/append", data=body,
                headers={"Content-Type": content_type},
            )  # fmt: skip
            await ledger.save(x_last_segment=index)

    async def _finalize(self, ctx: PublishContext) -> None:
        media_id = str(ctx.ledger.get(MEDIA_ID))
        reply = await self._call(ctx, "POST", f"/2/media/upload/{media_id}/finalize")
        info = reply.json()["data"].get("processing_info")
        ready = info is None or _state(info) == "succeeded"
        await ctx.ledger.save(
            PublicationState.PROCESSING, x_finalized=1, x_media_ready=1 if ready else None
        )
        if not ready:
            _raise_if_failed(info)
            await self._wait_processed(ctx, first_wait_s=_check_after(info))

    async def _wait_processed(self, ctx: PublishContext, *, first_wait_s: float) -> None:
        media_id, waited, wait = str(ctx.ledger.get(MEDIA_ID)), 0.0, first_wait_s
        while waited + wait <= self.max_processing_wait_s:
            await ctx.sleep(wait)
            waited += wait
            params = {"command": "STATUS", "media_id": media_id}
            reply = await self._call(ctx, "GET", "/2/media/upload", params=params)
            info = reply.json()["data"].get("processing_info") or {"state": "succeeded"}
            if _state(info) not in WAITING:
                _raise_if_failed(info)
                await ctx.ledger.save(x_media_ready=1)
                return
            wait = max(_check_after(info), MIN_POLL_S)
        raise PublishUnavailable(provider=PROVIDER, reason=f"media {media_id} still processing")

    async def _call(self, ctx: PublishContext, method: str, path: str, **kwargs: Any) -> Reply:
        return await call(
            ctx.http, method, self.api_url + path, credentials=ctx.credentials,
            sleep=ctx.sleep, clock=self.clock, **kwargs,
        )  # fmt: skip


def _state(info: dict[str, object]) -> str:
    return str(info.get("state", ""))


def _check_after(info: dict[str, object]) -> float:
    value = info.get("check_after_secs", 1)
    return float(value) if isinstance(value, int | float) else 1.0


def _raise_if_failed(info: dict[str, object]) -> None:
    if _state(info) == "failed":
        error = info.get("error")
        reason = error.get("message", error) if isinstance(error, dict) else "processing failed"
        raise PublishRejected(provider=PROVIDER, reason=f"X could not process the video: {reason}")


def _read(path: Path, offset: int, size: int) -> bytes:
    with path.open("rb") as file:
        file.seek(offset)
        return file.read(size)


def _multipart(index: int, chunk: bytes) -> tuple[bytes, str]:
    """The APPEND body as bytes, so a retry can send it again (aiohttp's FormData is
    consumed by the first send)."""
    boundary = "xseg" + secrets.token_hex(12)
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="segment_index"\r\n\r\n{index}\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="media"; filename="blob"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode()
    return head + chunk + f"\r\n--{boundary}--\r\n".encode(), (
        f"multipart/form-data; boundary={boundary}"
    )
