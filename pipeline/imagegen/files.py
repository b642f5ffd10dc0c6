"""A generated picture on disk: downloaded, checked, fitted to the canvas, content-addressed.

The still is a PNG like the procedural ones; its meta (source, seed, face similarity) rides
in a PNG text chunk, so a resumed stage that finds the file knows what it holds.
"""

import base64
import binascii
import hashlib
import io
import json
import math
import os
import tempfile
from pathlib import Path
from typing import Any

import httpx
from PIL import Image, PngImagePlugin, UnidentifiedImageError

from pipeline.art.photos import CROP_TOP_BIAS, cover
from pipeline.imagegen.errors import ImageOutputInvalid
from pipeline.imagegen.queue import PROVIDER, from_fal_error
from pipeline.user_media.images import OPENED_FORMATS

MAX_IMAGE_BYTES = 40 * 2**20
MAX_PIXELS = 40_000_000
META_KEY = "shorts-factory"


def still_name(index: int, *parts: object) -> str:
    """`scene_<index>_<digest>.png`: the same inputs give the same file, so a redo makes
    only the scenes whose request changed."""
    digest = hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:12]
    return f"scene_{index:02d}_{digest}.png"


def _too_large() -> ImageOutputInvalid:
    return ImageOutputInvalid(provider=PROVIDER, reason="the picture is too large")


def _decode_data_uri(url: str) -> bytes:
    encoded = url.partition(",")[2]
    if len(encoded) > (MAX_IMAGE_BYTES + 2) // 3 * 4:  # base64: 4 characters per 3 bytes
        raise _too_large()
    try:
        return base64.b64decode(encoded, validate=True)
    except binascii.Error as exc:
        raise ImageOutputInvalid(provider=PROVIDER, reason="a broken data URI") from exc


async def _read_capped(response: httpx.Response) -> bytes:
    """The body, read chunk by chunk: refused as soon as it passes MAX_IMAGE_BYTES (a declared
    length already says so before any of it is read)."""
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_IMAGE_BYTES:
        raise _too_large()
    body = bytearray()
    async for chunk in response.aiter_bytes():
        body += chunk
        if len(body) > MAX_IMAGE_BYTES:
            raise _too_large()
    return bytes(body)


async def fetch_image(http: httpx.AsyncClient, url: str) -> bytes:
    """The bytes behind an output URL (fal's CDN) or a data URI (`sync_mode`), at most
    MAX_IMAGE_BYTES."""
    if url.startswith("data:"):
        return _decode_data_uri(url)
    try:
        async with http.stream("GET", url) as response:
            response.raise_for_status()
            return await _read_capped(response)
    except httpx.HTTPStatusError as exc:
        status = exc.response.status_code
        raise ImageOutputInvalid(provider=PROVIDER, reason=f"download HTTP {status}") from exc
    except httpx.HTTPError as exc:
        raise from_fal_error(exc) from exc


def decode_fitted(data: bytes, size: tuple[int, int]) -> Image.Image:
    """Open the picture (JPEG, PNG or WebP; refusing anything else) and cover-fit it to
    `size`; a JPEG larger than needed is decoded at a reduced scale."""
    try:
        with Image.open(io.BytesIO(data), formats=OPENED_FORMATS) as image:
            if image.width * image.height > MAX_PIXELS:
                raise _too_large()
            scale = max(size[0] / image.width, size[1] / image.height)
            if scale < 1:  # a no-op but for JPEG
                image.draft(
                    "RGB", (math.ceil(image.width * scale), math.ceil(image.height * scale))
                )
            image.load()
            rgb = image.convert("RGB")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ImageOutputInvalid(provider=PROVIDER, reason="the file is not a picture") from exc
    return rgb if rgb.size == size else cover(rgb, size, top_bias=CROP_TOP_BIAS)


def save_still(image: Image.Image, path: Path, meta: dict[str, Any]) -> Path:
    """Write the PNG with `meta` atomically: a temp name in the folder, then a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    info = PngImagePlugin.PngInfo()
    info.add_text(META_KEY, json.dumps(meta, sort_keys=True))
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            image.save(handle, format="PNG", compress_level=1, pnginfo=info)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def read_meta(path: Path) -> dict[str, Any] | None:
    """The meta saved with a still, or None if the file is missing or unreadable."""
    try:
        with Image.open(path) as image:
            text = getattr(image, "text", {}).get(META_KEY)
    except (OSError, UnidentifiedImageError):
        return None
    if not isinstance(text, str):
        return None
    try:
        meta = json.loads(text)
    except json.JSONDecodeError:
        return None
    return meta if isinstance(meta, dict) else None
