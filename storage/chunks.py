"""Files moved in fixed-size chunks and hashed on the way, so memory stays flat.

The copies run in worker threads; `stop` lets the awaiting task abandon one midway (a
cancelled job), and the caller then drops what was written.
"""

import hashlib
import threading
from collections.abc import Iterator
from typing import IO

from storage.base import CHUNK_BYTES


class CopyStopped(Exception):
    """The task waiting for a copy was cancelled; the copy stopped at a chunk boundary."""


def hashed_chunks(
    source: IO[bytes],
    digest: "hashlib._Hash",
    stop: threading.Event,
    chunk_size: int = CHUNK_BYTES,
) -> Iterator[bytes]:
    """Yield `source` in chunks, feeding each to `digest`; raise CopyStopped once `stop` is set."""
    while chunk := source.read(chunk_size):
        if stop.is_set():
            raise CopyStopped
        digest.update(chunk)
        yield chunk


def copy_hashed(source: IO[bytes], target: IO[bytes], stop: threading.Event) -> tuple[str, int]:
    """Copy `source` into `target`; return the SHA-256 (hex) and size of what was copied."""
    digest, size = hashlib.sha256(), 0
    for chunk in hashed_chunks(source, digest, stop):
        target.write(chunk)
        size += len(chunk)
    return digest.hexdigest(), size
