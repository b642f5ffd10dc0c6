"""The character's reference photos as URLs fal can read, made once per character.

Each photo is turned upright and shrunk (at most REFERENCE_SIDE px, JPEG), then sent as a
data URI when that is small, else uploaded with the client's `upload` (fal's CDN). The URLs
are cached by the character's key and its photos' digest, so the scenes of a Short (and
later runs with the same generator) upload nothing again.
"""

import asyncio
import io
from pathlib import Path

import fal_client
import httpx
from fal_client.client import FalClientError
from PIL import Image

from pipeline.imagegen.errors import ImageGenFailed
from pipeline.imagegen.queue import from_fal_error
from pipeline.imagegen.requests import CharacterLook
from pipeline.user_media.images import open_photo

REFERENCE_SIDE = 1536
JPEG_QUALITY = 90
DATA_URI_MAX_BYTES = 64 * 1024  # smaller references travel inline, with no upload
MIME = "image/jpeg"


def reference_jpeg(path: Path) -> bytes:
    """The photo upright, at most REFERENCE_SIDE px on its long side, as JPEG bytes."""
    photo = open_photo(path, reduce_to=REFERENCE_SIDE).convert("RGB")
    photo.thumbnail((REFERENCE_SIDE, REFERENCE_SIDE), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    photo.save(out, format="JPEG", quality=JPEG_QUALITY)
    return out.getvalue()


class ReferenceCache:
    """Reference URLs per character; one lock so parallel scenes share one upload."""

    def __init__(self, data_uri_max_bytes: int = DATA_URI_MAX_BYTES) -> None:
        self.data_uri_max_bytes = data_uri_max_bytes
        self._urls: dict[str, tuple[str, ...]] = {}
        self._lock = asyncio.Lock()
        self.uploads = 0  # photos sent to fal's storage so far

    async def urls(
        self, client: fal_client.AsyncClient, character: CharacterLook
    ) -> tuple[str, ...]:
        """The URLs of the character's reference photos (none: text-to-image)."""
        if not character.references:
            return ()
        key = f"{character.key}|{character.photos_digest}"
        async with self._lock:
            if key not in self._urls:
                made = [await self._one(client, path) for path in character.references]
                self._urls[key] = tuple(made)
            return self._urls[key]

    async def _one(self, client: fal_client.AsyncClient, path: Path) -> str:
        data = await asyncio.to_thread(reference_jpeg, path)
        if len(data) <= self.data_uri_max_bytes:
            return fal_client.encode(data, MIME)
        try:
            url = await client.upload(data, MIME, file_name=f"{path.stem}.jpg")
        except (FalClientError, httpx.HTTPError) as exc:
            error: ImageGenFailed = from_fal_error(exc)
            raise error from exc
        self.uploads += 1
        return url
