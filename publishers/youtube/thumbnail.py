"""After the upload, the Short's thumbnail: `thumbnails.set` (youtube.md 3), a media upload
of one PNG or JPEG of at most 2 MB to `/upload/youtube/v3/thumbnails/set?videoId=`, about 50
quota units. Setting it again is the same outcome, so it is retried like a read.

The post is public by then: nothing here fails the publication or touches the video. A
refusal (403 forbidden: the channel may not set custom thumbnails until it is verified), a
bad image, a spent quota or an outage is logged and the post stands with YouTube's frame.
"""

import asyncio
import io
from datetime import datetime
from enum import StrEnum
from pathlib import Path

import structlog
from PIL import Image, UnidentifiedImageError

from core.provider_errors import ProviderError, ProviderUnavailable
from publishers.base import PublishContext
from publishers.http import send_authorized
from publishers.youtube.replies import NEEDS_REASON, PROVIDER, raise_for_reply

log = structlog.get_logger(__name__)

MAX_BYTES = 2 * 1024 * 1024
NOT_FOUND = 404
FIRST_NOT_OK = 300
# Tried in turn when the file is over the cap (a lossless 1080x1920 PNG often is).
JPEG_QUALITIES = (92, 85, 75, 60)
SIGNATURES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}


class ThumbnailOutcome(StrEnum):
    SET = "set"
    REFUSED = "refused"  # a definite no (not allowed, bad image, video not found)
    FAILED = "failed"  # no answer we could use (outage, quota, the account's token)


def upload_image(path: Path) -> tuple[bytes, str]:
    """The image as Google takes it: the file itself when it is a PNG or JPEG within 2 MB,
    else re-encoded as JPEG at the best quality that fits (in a thread: it decodes)."""
    data = path.read_bytes()
    media_type = next((t for sig, t in SIGNATURES.items() if data.startswith(sig)), None)
    if media_type is not None and len(data) <= MAX_BYTES:
        return data, media_type
    with Image.open(io.BytesIO(data)) as opened:
        rgb = opened.convert("RGB")
    encoded = b""
    for quality in JPEG_QUALITIES:
        out = io.BytesIO()
        rgb.save(out, format="JPEG", quality=quality, optimize=True)
        encoded = out.getvalue()
        if len(encoded) <= MAX_BYTES:
            break
    return encoded, "image/jpeg"


async def set_thumbnail(
    ctx: PublishContext, api_url: str, video_id: str, image: Path, *, now: datetime
) -> ThumbnailOutcome:
    """Set `image` as the video's thumbnail; never raises for what YouTube answers."""
    try:
        data, media_type = await asyncio.to_thread(upload_image, image)
    except (OSError, UnidentifiedImageError) as error:
        log.warning("youtube.thumbnail_unreadable", video_id=video_id, error=repr(error))
        return ThumbnailOutcome.REFUSED
    try:
        reply = await send_authorized(
            ctx.http, "POST", f"{api_url}/upload/youtube/v3/thumbnails/set",
            params={"videoId": video_id, "uploadType": "media"}, data=data,
            headers={"Content-Type": media_type}, accept=(*NEEDS_REASON, NOT_FOUND),
            credentials=ctx.credentials, provider=PROVIDER, sleep=ctx.sleep,
        )  # fmt: skip
        if reply.status >= FIRST_NOT_OK:
            raise_for_reply(reply, now=now)
    except ProviderError as error:
        outcome = (
            ThumbnailOutcome.FAILED
            if isinstance(error, ProviderUnavailable)
            else ThumbnailOutcome.REFUSED
        )
        log.warning(
            "youtube.thumbnail_not_set", video_id=video_id, outcome=outcome.value, error=str(error)
        )
        return outcome
    log.info("youtube.thumbnail_set", video_id=video_id, bytes=len(data), media_type=media_type)
    return ThumbnailOutcome.SET
