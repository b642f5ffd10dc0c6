"""TikTok's FILE_UPLOAD chunk rules (tiktok.md, 3.2), as a pure plan.

Each chunk is 5-64 MB; `total_chunk_count = floor(video_size / chunk_size)`, so the final
chunk absorbs the remainder (it may reach 128 MB); a file under 5 MB, or one that fits in a
single chunk, goes whole with `chunk_size = video_size`; at most 1000 chunks.
"""

from dataclasses import dataclass

MIB = 1024 * 1024
MIN_CHUNK = 5 * MIB
MAX_CHUNK = 64 * MIB
MAX_CHUNKS = 1000
# Postiz sends 10 MiB chunks; a smaller chunk loses less on a resume, a larger one costs
# fewer requests.
DEFAULT_CHUNK = 10 * MIB


@dataclass(frozen=True, slots=True)
class ChunkPlan:
    video_size: int
    chunk_size: int
    count: int

    def bounds(self, index: int) -> tuple[int, int]:
        """(first, last) byte of chunk `index`, both inclusive as in Content-Range."""
        first = index * self.chunk_size
        last = self.video_size - 1 if index == self.count - 1 else first + self.chunk_size - 1
        return first, last

    def content_range(self, index: int) -> str:
        first, last = self.bounds(index)
        return f"bytes {first}-{last}/{self.video_size}"


def plan_chunks(
    video_size: int, *, chunk_size: int = DEFAULT_CHUNK, min_chunk: int = MIN_CHUNK
) -> ChunkPlan:
    """The plan TikTok accepts for `video_size` bytes in chunks of about `chunk_size`."""
    if video_size <= 0:
        raise ValueError("an empty file cannot be uploaded")
    if chunk_size < min_chunk:
        raise ValueError("chunk_size is below TikTok's minimum chunk")
    if video_size < min_chunk or video_size <= chunk_size:
        return ChunkPlan(video_size, video_size, 1)
    chunk = max(chunk_size, -(-video_size // MAX_CHUNKS))
    return ChunkPlan(video_size, chunk, video_size // chunk)
