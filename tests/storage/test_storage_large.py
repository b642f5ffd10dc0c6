"""Large files: memory stays flat (multipart up, streamed down) and writes stay atomic."""

import asyncio
import hashlib
import threading
from collections.abc import Awaitable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import psutil
import pytest

from core.ports import FileStore
from storage import keys

T = TypeVar("T")
VIDEO = keys.project_file(1, 2, "video.mp4")
# A store that read the 64 MiB file whole would grow by at least 64 MiB; the stores hold at
# most a few parts (5 MiB x 3 on S3 here) and 1 MiB copy buffers.
MAX_GROWTH_BYTES = 32 << 20


class PeakRss:
    """The highest RSS seen (sampled every 2 ms) while a block runs, above the RSS before."""

    def __init__(self) -> None:
        self.growth = 0

    @contextmanager
    def watching(self) -> Iterator[None]:
        process, done = psutil.Process(), threading.Event()
        start = peak = process.memory_info().rss

        def sample() -> None:
            nonlocal peak
            while not done.wait(0.002):
                peak = max(peak, process.memory_info().rss)

        sampler = threading.Thread(target=sample)
        sampler.start()
        try:
            yield
        finally:
            done.set()
            sampler.join()
            self.growth = max(peak, process.memory_info().rss) - start


async def _measured(work: Awaitable[T]) -> tuple[T, int]:
    rss = PeakRss()
    with rss.watching():
        result = await work
    return result, rss.growth


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


@pytest.fixture(scope="module")
def big_sha256(big_file: Path) -> str:
    return _sha256(big_file)


async def test_a_64_mib_file_goes_up_and_down_with_flat_memory(
    store: FileStore, big_file: Path, big_sha256: str, tmp_path: Path
) -> None:
    stored, up = await _measured(store.put_file(VIDEO, big_file))
    assert (stored.size_bytes, stored.sha256) == (big_file.stat().st_size, big_sha256)
    assert up < MAX_GROWTH_BYTES, f"upload grew RSS by {up >> 20} MiB"

    dest, down = await _measured(store.get_file(VIDEO, tmp_path / "video.mp4"))
    assert _sha256(dest) == big_sha256
    assert down < MAX_GROWTH_BYTES, f"download grew RSS by {down >> 20} MiB"

    async def stream() -> str:
        digest = hashlib.sha256()
        async for chunk in store.iter_bytes(VIDEO):
            digest.update(chunk)
        return digest.hexdigest()

    streamed, during = await _measured(stream())
    assert streamed == big_sha256
    assert during < MAX_GROWTH_BYTES, f"streaming grew RSS by {during >> 20} MiB"


async def test_an_abandoned_put_leaves_the_old_object_whole(
    store: FileStore, big_file: Path, tmp_path: Path
) -> None:
    old = b"the previous render"
    await store.put_bytes(VIDEO, old)
    upload = asyncio.ensure_future(store.put_file(VIDEO, big_file))
    await asyncio.sleep(0.03)  # midway through the copy (a job timeout, a shutdown)
    upload.cancel()
    with pytest.raises(asyncio.CancelledError):
        await upload
    await asyncio.sleep(0.5)  # an abandoned transfer stops at its next chunk

    info = await store.stat(VIDEO)
    assert info is not None
    assert info.size_bytes in (len(old), big_file.stat().st_size)  # never a part
    if info.size_bytes == len(old):
        assert await store.read_bytes(VIDEO) == old
    listed = await store.list_objects(keys.project_prefix(1, 2))
    assert [item.key for item in listed] == [VIDEO]


async def test_a_failed_put_changes_nothing(store: FileStore, tmp_path: Path) -> None:
    await store.put_bytes(VIDEO, b"kept")
    with pytest.raises(IsADirectoryError):
        await store.put_file(VIDEO, tmp_path)  # a folder is no file to upload
    with pytest.raises(FileNotFoundError):
        await store.put_file(VIDEO, tmp_path / "gone.mp4")
    assert await store.read_bytes(VIDEO) == b"kept"
    listed = await store.list_objects(keys.project_prefix(1, 2))
    assert [item.key for item in listed] == [VIDEO]
