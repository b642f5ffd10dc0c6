"""The FILE_UPLOAD transfer: chunk PUTs to the upload_url, sequentially (tiktok.md, 3.2).

The PUT carrying the last chunk is the commit: TikTok then processes and posts the video.
PUBLISH_ATTEMPTED is saved right before it and it is sent once (`tries=1`); every earlier
chunk is safe to send again, and its acknowledgement is saved before the next one.
"""

import asyncio
from pathlib import Path

from core.enums import PublicationState
from publishers.base import PublishContext
from publishers.http import SAFE_TRIES, send
from publishers.tiktok.chunks import ChunkPlan
from publishers.tiktok.wire import PROVIDER

CHUNKS_DONE = "tiktok_chunks_done"
MEDIA_TYPES = {".mp4": "video/mp4", ".mov": "video/quicktime", ".webm": "video/webm"}


async def send_chunks(ctx: PublishContext, plan: ChunkPlan, upload_url: str, start: int) -> None:
    """Chunks `start`.. of `plan`; the ledger then says the file is complete (PROCESSING)."""
    media_type = MEDIA_TYPES.get(ctx.video.path.suffix.lower(), "video/mp4")
    for index in range(start, plan.count):
        final = index == plan.count - 1
        if final:
            await ctx.ledger.save(PublicationState.PUBLISH_ATTEMPTED)
        first, last = plan.bounds(index)
        chunk = await asyncio.to_thread(_read, ctx.video.path, first, last - first + 1)
        await send(
            ctx.http, "PUT", upload_url, provider=PROVIDER, sleep=ctx.sleep,
            tries=1 if final else SAFE_TRIES, data=chunk,
            headers={"Content-Type": media_type, "Content-Range": plan.content_range(index)},
        )  # fmt: skip
        state = PublicationState.PROCESSING if final else None
        await ctx.ledger.save(state, **{CHUNKS_DONE: index + 1})


def _read(path: Path, offset: int, size: int) -> bytes:
    with path.open("rb") as file:
        file.seek(offset)
        return file.read(size)
