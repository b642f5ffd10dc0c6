"""Signed, expiring URLs of stored files that a platform can pull (Instagram, TikTok).

`media_url` signs a storage key; the web app's `/media/{token}` route calls `open_media`,
which checks the token and answers where the bytes are: a presigned URL on S3 (the web app
redirects there) or a local file (the web app streams it, with Range support).
"""

from dataclasses import dataclass
from pathlib import Path

from core.account_errors import MediaLinkExpired, MediaLinkInvalid
from core.errors import NotFound
from core.ports import FileStore
from core.signing import BadSignature, SignatureExpired
from services.web_links import WebLinks
from storage.errors import InvalidKey, ObjectNotFound

MEDIA = "media"


@dataclass(frozen=True, slots=True)
class MediaTarget:
    redirect: str | None = None  # the store's own signed URL (S3)
    path: Path | None = None  # a local file to stream


def media_url(key: str, *, web: WebLinks, ttl_s: int | None = None) -> str:
    """A URL anyone may GET the file at `key` from until it expires (`WEB__MEDIA_URL_TTL_S`)."""
    token = web.signer.sign(MEDIA, {"k": key}, ttl_s=ttl_s or web.media_ttl_s)
    return web.media_url(token)


async def open_media(token: str, *, web: WebLinks, store: FileStore, scratch: Path) -> MediaTarget:
    """Where the signed file is. MediaLinkInvalid, MediaLinkExpired, NotFound otherwise."""
    try:
        payload = web.signer.verify(MEDIA, token)
    except SignatureExpired:
        raise MediaLinkExpired from None
    except BadSignature:
        raise MediaLinkInvalid from None
    key = payload.get("k")
    if not isinstance(key, str):
        raise MediaLinkInvalid
    try:
        url = await store.signed_url(key, web.media_ttl_s)
        if url is not None:
            return MediaTarget(redirect=url)
        return MediaTarget(path=await store.materialize(key, scratch))
    except (ObjectNotFound, InvalidKey):
        raise NotFound(what="file") from None
