"""The duration of an MP4 we rendered, read from its `mvhd` box.

The render stage only needs the finished file's length; reading it here keeps PyAV (~20 MB
resident, for good once imported) out of the worker process that goes on to render the next
Short.
"""

import struct
from pathlib import Path
from typing import BinaryIO

from core.errors import MediaUnreadable

HEADER = 8
LARGE_SIZE = 1  # the box size follows as a 64-bit field
TO_END = 0  # the box runs to the end of its parent


def _boxes(stream: BinaryIO, end: int) -> list[tuple[bytes, int, int]]:
    """(type, payload offset, payload size) of every box from the current position to `end`."""
    found: list[tuple[bytes, int, int]] = []
    position = stream.tell()
    while position + HEADER <= end:
        stream.seek(position)
        size, kind = struct.unpack(">I4s", stream.read(HEADER))
        payload = position + HEADER
        if size == LARGE_SIZE:
            (size,) = struct.unpack(">Q", stream.read(8))
            payload += 8
        elif size == TO_END:
            size = end - position
        if size < payload - position or position + size > end:
            break
        found.append((kind, payload, position + size - payload))
        position += size
    return found


def mp4_duration(path: Path) -> float:
    """Seconds, from the movie header (the longest track).

    Raises:
        MediaUnreadable: not an MP4, or no movie header.
    """
    try:
        with path.open("rb") as stream:
            end = path.stat().st_size
            for kind, offset, size in _boxes(stream, end):
                if kind != b"moov":
                    continue
                stream.seek(offset)
                for inner, at, length in _boxes(stream, offset + size):
                    if inner == b"mvhd" and length >= 20:  # noqa: PLR2004 - version 0 minimum
                        return _mvhd_seconds(stream, at)
    except (OSError, struct.error) as error:
        raise MediaUnreadable(what="video", path=path.name, reason=str(error)) from error
    raise MediaUnreadable(what="video", path=path.name, reason="no MP4 movie header")


def _mvhd_seconds(stream: BinaryIO, offset: int) -> float:
    stream.seek(offset)
    version = stream.read(4)[0]
    if version == 1:
        fields: tuple[int, ...] = struct.unpack(">QQIQ", stream.read(28))
    else:
        fields = struct.unpack(">IIII", stream.read(16))
    timescale, duration = fields[2], fields[3]
    if timescale == 0:
        raise struct.error("zero timescale")
    return float(duration) / float(timescale)
