"""Files moved in fixed-size chunks and hashed on the way, so memory stays flat.

The copies run in worker threads; `stop` lets the awaiting task abandon one midway (a
cancelled job), and the caller then drops what was written.
"""

import asyncio
import contextlib
import hashlib
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Executor
from pathlib import Path
from typing import IO, Any, TypeVar

from core.ports import CHUNK_BYTES

T = TypeVar("T")


class CopyStopped(Exception):
    """The task waiting for a copy was cancelled; the copy stopped at a chunk boundary."""


class HashedChunks:
    """`source` in chunks, hashed and counted as they pass; iterating raises CopyStopped once
    `stop` is set. After the last chunk, `sha256` and `size` describe everything read."""

    def __init__(
        self, source: IO[bytes], stop: threading.Event, chunk_size: int = CHUNK_BYTES
    ) -> None:
        self.source, self.stop, self.chunk_size = source, stop, chunk_size
        self._digest = hashlib.sha256()
        self.size = 0

    def __iter__(self) -> Iterator[bytes]:
        while chunk := self.source.read(self.chunk_size):
            if self.stop.is_set():
                raise CopyStopped
            self._digest.update(chunk)
            self.size += len(chunk)
            yield chunk

    @property
    def sha256(self) -> str:
        return self._digest.hexdigest()


def copy_hashed(source: IO[bytes], target: IO[bytes], stop: threading.Event) -> tuple[str, int]:
    """Copy `source` into `target`; return the SHA-256 (hex) and size of what was copied."""
    chunks = HashedChunks(source, stop)
    for chunk in chunks:
        target.write(chunk)
    return chunks.sha256, chunks.size


def discard(tmp: Path) -> None:
    """Remove a temp file if it is there; never hide the error that is being raised."""
    with contextlib.suppress(OSError):
        tmp.unlink()


async def run_abandonable(executor: Executor | None, work: Callable[[threading.Event], T]) -> T:
    """Run `work(stop)` in `executor` (None: the loop's default). If the awaiting task is
    cancelled, set `stop`, so the copy ends at its next chunk and drops what it wrote (a
    multipart upload is aborted) instead of finishing unseen."""
    stop = threading.Event()
    future = asyncio.get_running_loop().run_in_executor(executor, work, stop)
    future.add_done_callback(_retrieve)
    try:
        return await asyncio.shield(future)
    except asyncio.CancelledError:
        stop.set()
        raise


def _retrieve(future: "asyncio.Future[Any]") -> None:
    # An abandoned copy ends with CopyStopped that nobody awaits: read it, so asyncio does not
    # log "exception was never retrieved".
    if not future.cancelled():
        future.exception()
