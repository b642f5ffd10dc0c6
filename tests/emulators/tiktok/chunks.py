"""TikTok's FILE_UPLOAD rules as the emulator enforces them (tiktok.md, 3.2), with the chunk
bounds as constructor arguments so tests can upload a few hundred KB in several chunks."""

from __future__ import annotations

import re
from dataclasses import dataclass

MIB = 1024 * 1024
RANGE = re.compile(r"^bytes (\d+)-(\d+)/(\d+)$")


@dataclass(frozen=True)
class ChunkRules:
    min_chunk: int = 5 * MIB
    max_chunk: int = 64 * MIB
    max_chunks: int = 1000

    def problem(self, size: int, chunk: int, count: int) -> str | None:
        """Why TikTok would refuse this source_info, or None."""
        if size <= 0 or chunk <= 0:
            return "video_size and chunk_size must be positive"
        if size < self.min_chunk:
            ok = chunk == size and count == 1
            return None if ok else "a video under the minimum chunk goes as one chunk"
        if not self.min_chunk <= chunk <= self.max_chunk:
            return f"chunk_size must be within {self.min_chunk}..{self.max_chunk}"
        if count != size // chunk or not 1 <= count <= self.max_chunks:
            return "The total chunk count is invalid"
        if size - (count - 1) * chunk > 2 * self.max_chunk:
            return "the final chunk is too large"
        return None


def parse_range(header: str | None) -> tuple[int, int, int] | None:
    match = RANGE.match(header or "")
    if match is None:
        return None
    first, last, total = (int(g) for g in match.groups())
    return (first, last, total) if first <= last < total else None


def expected_bounds(size: int, chunk: int, count: int, first: int) -> tuple[int, int] | None:
    """(first, last) of the chunk starting at `first`, None if no chunk starts there."""
    if first % chunk or first // chunk >= count:
        return None
    index = first // chunk
    return first, (size - 1 if index == count - 1 else first + chunk - 1)
