"""`thumbnails.set` (developers.google.com/youtube/v3/docs/thumbnails/set): a media upload
of one image to `POST /upload/youtube/v3/thumbnails/set?videoId=...`, the image as the whole
body (`uploadType=media`), image/jpeg, image/png or application/octet-stream, at most 2 MB
(the v3 docs page; the newer REST reference says 50 MB), about 50 quota units. Its documented
errors: 400 invalidImage, 400 mediaBodyRequired, 403 forbidden (the user may not set custom
thumbnails: `allowed = False`), 404 videoNotFound; a rate limit is a `faults.google` away."""

from __future__ import annotations

from dataclasses import dataclass

from aiohttp import web

from ..openai.common import RECORD_KEY, ServiceError
from .channel import Channel
from .faults import google_error

MAX_BYTES = 2 * 1024 * 1024
COST_UNITS = 50
MEDIA_TYPES = frozenset({"image/jpeg", "image/png", "application/octet-stream"})
# What the bytes must start with to be an image Google decodes (PNG, JPEG).
SIGNATURES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}
NOT_ALLOWED = (
    "The authenticated user doesn't have permissions to upload and set custom video thumbnails."
)
# Sizes of the resource's thumbnails (the `thumbnail` resource's keys).
SIZES = {"default": (120, 90), "medium": (320, 180), "high": (480, 360)}


@dataclass(frozen=True)
class Thumbnail:
    video_id: str
    media_type: str  # what the bytes are (PNG or JPEG), whatever the header said
    data: bytes


def _error(status: int, reason: str, message: str) -> ServiceError:
    return ServiceError(status, reason, message, detail=google_error(status, reason, message))


class Thumbnails:
    """The custom thumbnails set on the channel's videos, newest last per video."""

    def __init__(self, channel: Channel) -> None:
        self.channel = channel
        self.allowed = True  # False: a channel not verified for custom thumbnails (403)
        self.set: list[Thumbnail] = []

    def of(self, video_id: str) -> Thumbnail | None:
        found = [t for t in self.set if t.video_id == video_id]
        return found[-1] if found else None

    async def upload(self, request: web.Request) -> web.Response:
        if request.query.get("uploadType", "media") != "media":
            raise _error(400, "badRequest", "only uploadType=media is emulated")
        video_id = request.query.get("videoId", "")
        if not video_id:
            raise _error(400, "required", "Required parameter: videoId")
        request[RECORD_KEY].notes["video"] = video_id
        media_type = request.headers.get("Content-Type", "").split(";")[0].strip().lower()
        body = await request.read()
        if len(body) > MAX_BYTES:
            raise _error(413, "uploadTooLarge", f"Media larger than: {MAX_BYTES}")
        if video_id not in self.channel.videos:
            raise _error(404, "videoNotFound", "The video that you are trying to insert a "
                         "thumbnail image for cannot be found.")  # fmt: skip
        if not self.allowed:
            raise _error(403, "forbidden", NOT_ALLOWED)
        if not body:
            raise _error(
                400, "mediaBodyRequired", "The request does not include the image content."
            )
        if media_type not in MEDIA_TYPES:
            raise _error(400, "badContent", f"Media type '{media_type}' is not supported.")
        kind = next((t for sig, t in SIGNATURES.items() if body.startswith(sig)), None)
        if kind is None:
            raise _error(400, "invalidImage", "The provided image content is invalid.")
        self.channel.charge(COST_UNITS)
        self.set.append(Thumbnail(video_id, kind, body))
        request[RECORD_KEY].notes["thumbnail_set"] = len(body)
        base = f"https://i.ytimg.com/vi/{video_id}"
        items = {
            name: {"url": f"{base}/{name}.jpg", "width": width, "height": height}
            for name, (width, height) in SIZES.items()
        }
        return web.json_response(
            {"kind": "youtube#thumbnailSetResponse", "etag": f"etag-{len(self.set)}",
             "items": [items]}
        )  # fmt: skip
