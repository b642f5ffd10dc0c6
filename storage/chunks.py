"""Files moved in fixed-size chunks and hashed on the way, so memory stays flat.

The copies run in worker threads; `stop` lets the awaiting task abandon one midway (a
cancelled job), and the caller then drops what was written.
"""

import asyncio
import hashlib
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Executor
from typing import IO, Any, TypeVar

from storage.base import CHUNK_BYTES

T = TypeVar("T")


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
