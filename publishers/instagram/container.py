"""One Reel's media container: made once (its ID saved before any other call), its bytes
sent to rupload from the last confirmed offset or pulled by Instagram from `video_url`,
then polled until Instagram has processed it. Containers are invisible until published and
expire after 24 h, so all of this is safe to repeat (oauth-and-publishing-rules.md, 1)."""

import asyncio
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import structlog

from core.enums import PublicationState
from core.publisher_settings import InstagramSettings
from publishers.base import PublishContext
from publishers.errors import PublishRejected, PublishUnavailable
from publishers.instagram.graph import Graph, oauth_header
from publishers.instagram.graph_errors import PROVIDER, RETRYABLE_SUBCODES

log = structlog.get_logger(__name__)

CONTAINER = "ig_container_id"
UPLOAD = "ig_upload"  # RESUMABLE (bytes to rupload) or PULL (Instagram fetches video_url)
OFFSET = "ig_upload_offset"  # bytes rupload confirmed
RESUMABLE = "resumable"
PULL = "video_url"
READY = ("FINISHED", "PUBLISHED")


@dataclass(frozen=True, slots=True)
class Endpoints:
    settings: InstagramSettings
    user_id: str

    @property
    def graph(self) -> str:
        return f"{self.settings.graph_url}/{self.settings.graph_version}"

    def of_user(self, edge: str) -> str:
        return f"{self.graph}/{self.user_id}/{edge}"

    def node(self, node_id: str) -> str:
        return f"{self.graph}/{node_id}"

    def upload(self, container_id: str) -> str:
        return f"{self.settings.upload_url}/{self.settings.graph_version}/{container_id}"


async def create(graph: Graph, urls: Endpoints, ctx: PublishContext) -> str:
    """A REELS container for the draft; the bytes come from `video.public_url` when there is
    one (the variant Instagram Login documents), else through rupload."""
    share = str(ctx.draft.options.get("share_to_feed", True)).lower()
    form = {"media_type": "REELS", "caption": ctx.draft.caption, "share_to_feed": share}
    for name in ("thumb_offset", "audio_name", "cover_url"):
        if name in ctx.draft.options:
            form[name] = str(ctx.draft.options[name])
    pull = ctx.video.public_url is not None
    if ctx.video.public_url is not None:
        form["video_url"] = ctx.video.public_url
    else:
        form["upload_type"] = RESUMABLE
    body = await graph.call("POST", urls.of_user("media"), data=form)
    container_id = str(body["id"])
    await ctx.ledger.save(
        PublicationState.PROCESSING if pull else PublicationState.UPLOADING,
        **{
            CONTAINER: container_id,
            UPLOAD: PULL if pull else RESUMABLE,
            OFFSET: None if pull else 0,
        },
    )
    log.info("publish.ig_container", container_id=container_id, upload=form.get("upload_type"))
    return container_id


async def upload_rest(
    graph: Graph, urls: Endpoints, ctx: PublishContext, container_id: str, chunk_size: int
) -> None:
    """From the confirmed offset to the end, one chunk per POST, each offset saved once
    rupload confirmed it; a retried chunk re-sends only bytes not yet confirmed."""
    size = ctx.video.size
    offset = int(ctx.ledger.get(OFFSET) or 0)
    while offset < size:
        chunk = await asyncio.to_thread(_read, ctx.video.path, offset, chunk_size)
        if not chunk:
            raise PublishRejected(provider=PROVIDER, reason=f"the file ends before {size} bytes")
        headers = {"offset": str(offset), "file_size": str(size),
                   "Content-Type": "application/octet-stream"}  # fmt: skip
        await graph.call(
            "POST", urls.upload(container_id), auth=oauth_header, headers=headers, data=chunk
        )
        offset += len(chunk)
        done = PublicationState.PROCESSING if offset >= size else None
        await ctx.ledger.save(done, **{OFFSET: offset})


async def wait_processed(
    graph: Graph, urls: Endpoints, ctx: PublishContext, container_id: str, *,
    interval_s: float, max_polls: int,
) -> str:  # fmt: skip
    """FINISHED (ready to publish) or PUBLISHED (an earlier try's commit went through)."""
    for poll in range(max_polls):
        if poll:
            await ctx.sleep(interval_s)
        body = await graph.call(
            "GET", urls.node(container_id), params={"fields": "status_code,status"}
        )
        code = str(body.get("status_code"))
        if code in READY:
            return code
        if code in ("ERROR", "EXPIRED"):
            await _failed(ctx, code, str(body.get("status", "")))
    raise PublishUnavailable(provider=PROVIDER, reason=f"still processing after {max_polls} polls")


async def _failed(ctx: PublishContext, code: str, status: str) -> NoReturn:
    """An expired container, or one the platform failed on (a fetch or upload error), is
    dropped and the next try makes a new one; any other ERROR is about the file: final."""
    reason = f"container {code}: {status}"
    if code == "EXPIRED" or any(str(subcode) in status for subcode in RETRYABLE_SUBCODES):
        await ctx.ledger.save(
            PublicationState.UPLOADING, **{CONTAINER: None, UPLOAD: None, OFFSET: None}
        )
        raise PublishUnavailable(provider=PROVIDER, reason=f"{reason}; a new one next try")
    raise PublishRejected(provider=PROVIDER, reason=reason)


def _read(path: Path, offset: int, size: int) -> bytes:
    with path.open("rb") as file:
        file.seek(offset)
        return file.read(size)
