"""A batch's MP4s to download: zipped (stored, not compressed: an MP4 does not shrink) in
parts below the Bot API's 50 MB upload limit, each file named by its place in the list and
a slug of its topic. A Short larger than a part is sent alone, as itself.
"""

import asyncio
import re
import unicodedata
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import DomainError
from services.batches import batch_items
from services.deliverables import get_deliverables
from storage.disk import Storage

MIB = 1024 * 1024
PART_LIMIT = 45 * MIB  # below the Bot API's 50 MB, with room for the multipart request
SLUG_CHARS = 40
# Per file: the local header (30 bytes) and the central directory's entry (46) with the name
# in each; then the end record (22). Zip64 extras never apply below 4 GB.
ZIP_FILE_OVERHEAD, ZIP_END = 76, 22


class NothingToDownload(DomainError):
    key = "error-batch-nothing-to-download"
    template = "No Short of this batch is made yet: there is nothing to download."


@dataclass(frozen=True, slots=True)
class BatchVideo:
    place: int  # 1-based, the topic's place in the list
    name: str  # in the zip: "007-why-cats-purr.mp4"
    path: Path
    size: int


@dataclass(frozen=True, slots=True)
class DownloadPart:
    path: Path  # a zip, or the one MP4 too large for a part
    videos: tuple[BatchVideo, ...]

    @property
    def is_zip(self) -> bool:
        return self.path.suffix == ".zip"


def slug(topic: str) -> str:
    """Lowercase words joined by dashes, letters of any script kept ("почему-небо-голубое")."""
    text = unicodedata.normalize("NFKC", topic).lower()
    words = re.findall(r"\w+", text)
    joined = "-".join(words).replace("_", "-")[:SLUG_CHARS].strip("-")
    return joined or "short"


async def batch_videos(
    session: AsyncSession, storage: Storage, user_id: int, batch_id: int
) -> list[BatchVideo]:
    """The user's batch's rendered MP4s in the list's order (owner-checked).

    Raises NotFound (not the user's batch), NothingToDownload.
    """
    found = []
    for item in await batch_items(session, user_id, batch_id):
        if not item.done:
            continue
        files = await get_deliverables(session, storage, user_id, item.project_id)
        if files.video is None:
            continue
        place = item.index + 1
        size = (await asyncio.to_thread(files.video.stat)).st_size
        found.append(BatchVideo(place, f"{place:03d}-{slug(item.topic)}.mp4", files.video, size))
    if not found:
        raise NothingToDownload()
    return found


def zipped_size(videos: Sequence[BatchVideo]) -> int:
    """The exact size of a stored zip of `videos`."""
    names = sum(2 * len(video.name.encode()) for video in videos)
    return sum(v.size for v in videos) + ZIP_FILE_OVERHEAD * len(videos) + names + ZIP_END


def plan_parts(videos: Sequence[BatchVideo], limit: int) -> list[tuple[BatchVideo, ...]]:
    """Consecutive groups whose zip stays within `limit`; a video that cannot fit a zip on
    its own is a group of one, sent as itself."""
    parts: list[tuple[BatchVideo, ...]] = []
    current: list[BatchVideo] = []
    for video in videos:
        if zipped_size([video]) > limit:
            if current:
                parts.append(tuple(current))
                current = []
            parts.append((video,))
        elif zipped_size([*current, video]) > limit:
            parts.append(tuple(current))
            current = [video]
        else:
            current.append(video)
    if current:
        parts.append(tuple(current))
    return parts


def _write_zip(videos: Sequence[BatchVideo], target: Path) -> None:
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_STORED) as archive:
        for video in videos:
            archive.write(video.path, arcname=video.name)


async def pack_videos(
    videos: Sequence[BatchVideo], folder: Path, *, batch_id: int, limit: int = PART_LIMIT
) -> list[DownloadPart]:
    """Write the parts into `folder` (the caller's temporary folder) in a thread each."""
    groups = plan_parts(videos, limit)
    made = []
    for number, group in enumerate(groups, start=1):
        if len(group) == 1 and zipped_size(group) > limit:
            made.append(DownloadPart(group[0].path, group))
            continue
        target = folder / f"batch-{batch_id}-part-{number}-of-{len(groups)}.zip"
        await asyncio.to_thread(_write_zip, group, target)
        made.append(DownloadPart(target, group))
    return made
