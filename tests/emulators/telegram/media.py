"""Reading media metadata (Pillow for images, PyAV for audio/video) and photo size variants."""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass

logger = logging.getLogger(__name__)

PHOTO_SIDES = (90, 320, 800, 1280)
DEFAULT_PHOTO_SIZE = (1280, 720)


@dataclass(frozen=True)
class MediaInfo:
    width: int | None = None
    height: int | None = None
    duration: int | None = None


@dataclass(frozen=True)
class PhotoVariant:
    width: int
    height: int
    data: bytes


def image_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) of an image Pillow can read, else None."""
    try:
        from PIL import Image  # noqa: PLC0415 - optional at import time

        with Image.open(io.BytesIO(data)) as image:
            return int(image.width), int(image.height)
    except Exception:
        return None


def probe(data: bytes) -> MediaInfo:
    """Width/height/duration of an audio or video payload, or empty info if unreadable."""
    try:
        import av  # noqa: PLC0415 - heavy, only needed for real media

        with av.open(io.BytesIO(data), mode="r") as container:
            duration = None
            if container.duration is not None:
                duration = round(container.duration / 1_000_000)
            width = height = None
            if container.streams.video:
                stream = container.streams.video[0]
                width, height = stream.codec_context.width, stream.codec_context.height
            return MediaInfo(width, height, duration)
    except Exception:
        logger.debug("cannot probe %d bytes of media", len(data))
        return MediaInfo()


def photo_variants(data: bytes) -> list[PhotoVariant]:
    """The PhotoSize ladder Telegram makes for a photo (smallest first, largest last).

    Real images are resized and re-encoded as JPEG; undecodable bytes get a single
    1280x720 "size" carrying the original bytes so tests can use fake payloads.
    """
    size = image_size(data)
    if size is None:
        return [PhotoVariant(*DEFAULT_PHOTO_SIZE, data)]
    width, height = size
    longest = max(width, height)
    sides = [side for side in PHOTO_SIDES if side < longest] + [min(longest, PHOTO_SIDES[-1])]
    variants = []
    for side in sorted(set(sides)):
        scale = side / longest
        w, h = max(1, round(width * scale)), max(1, round(height * scale))
        variants.append(PhotoVariant(w, h, _resize(data, w, h)))
    return variants


def _resize(data: bytes, width: int, height: int) -> bytes:
    from PIL import Image  # noqa: PLC0415

    with Image.open(io.BytesIO(data)) as image:
        out = io.BytesIO()
        image.convert("RGB").resize((width, height)).save(out, format="JPEG", quality=80)
        return out.getvalue()


def photo_dimensions_ok(data: bytes) -> bool:
    """Bot API limits: width + height <= 10000 and aspect ratio <= 20."""
    size = image_size(data)
    if size is None:
        return True
    width, height = size
    return width + height <= 10000 and max(width, height) <= 20 * max(1, min(width, height))
