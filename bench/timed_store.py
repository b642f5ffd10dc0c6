"""A `FileStore` that times the calls of the store it wraps, by direction: what the render
bench reports as the upload and download overhead of a Short on S3.

Calls run several at a time, so each figure is wall time while at least one call of its kind
was running (overlapping calls count once), and `store_s` while any call was.
"""

import time
from collections.abc import AsyncIterator, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from core.ports import CHUNK_BYTES, FileStore, ObjectInfo, StoredObject


@dataclass
class Busy:
    """Wall time while at least one of some calls was running."""

    seconds: float = 0.0
    running: int = 0
    since: float = 0.0

    def enter(self, now: float) -> None:
        if self.running == 0:
            self.since = now
        self.running += 1

    def leave(self, now: float) -> None:
        self.running -= 1
        if self.running == 0:
            self.seconds += now - self.since


@dataclass
class StoreTimes:
    """Wall time in the store: uploads, downloads, the rest (HEAD, LIST, DELETE), any call."""

    kinds: dict[str, Busy] = field(default_factory=dict)
    calls: dict[str, int] = field(default_factory=dict)

    def seconds(self, kind: str) -> float:
        return self.kinds[kind].seconds if kind in self.kinds else 0.0

    @property
    def total_s(self) -> float:
        return self.seconds("any")

    def as_dict(self) -> dict[str, float | dict[str, int]]:
        return {
            "upload_s": round(self.seconds("up"), 3),
            "download_s": round(self.seconds("down"), 3),
            "meta_s": round(self.seconds("meta"), 3),
            "store_s": round(self.total_s, 3),
            "store_calls": dict(sorted(self.calls.items())),
        }


class TimedStore:
    def __init__(self, store: FileStore, times: StoreTimes) -> None:
        self.store, self.times = store, times

    @contextmanager
    def _timed(self, kind: str, name: str) -> Iterator[None]:
        busy = [self.times.kinds.setdefault(k, Busy()) for k in (kind, "any")]
        for each in busy:
            each.enter(time.perf_counter())
        try:
            yield
        finally:
            for each in busy:
                each.leave(time.perf_counter())
            self.times.calls[name] = self.times.calls.get(name, 0) + 1

    async def put_file(
        self, key: str, path: Path, *, content_type: str | None = None
    ) -> StoredObject:
        with self._timed("up", "put"):
            return await self.store.put_file(key, path, content_type=content_type)

    async def put_bytes(
        self, key: str, data: bytes, *, content_type: str | None = None
    ) -> StoredObject:
        with self._timed("up", "put"):
            return await self.store.put_bytes(key, data, content_type=content_type)

    async def get_file(self, key: str, dest: Path) -> Path:
        with self._timed("down", "get"):
            return await self.store.get_file(key, dest)

    async def read_bytes(self, key: str) -> bytes:
        with self._timed("down", "get"):
            return await self.store.read_bytes(key)

    async def stat(self, key: str) -> ObjectInfo | None:
        with self._timed("meta", "head"):
            return await self.store.stat(key)

    async def is_intact(self, key: str, size_bytes: int) -> bool:
        with self._timed("meta", "head"):
            return await self.store.is_intact(key, size_bytes)

    async def delete(self, keys: Iterable[str]) -> None:
        with self._timed("meta", "delete"):
            await self.store.delete(keys)

    async def delete_prefix(self, prefix: str) -> int:
        with self._timed("meta", "delete"):
            return await self.store.delete_prefix(prefix)

    async def list_objects(self, prefix: str) -> list[ObjectInfo]:
        with self._timed("meta", "list"):
            return await self.store.list_objects(prefix)

    async def iter_bytes(self, key: str, chunk_size: int = CHUNK_BYTES) -> AsyncIterator[bytes]:
        with self._timed("down", "get"):
            async for chunk in self.store.iter_bytes(key, chunk_size):
                yield chunk

    async def signed_url(self, key: str, expires_s: int | None = None) -> str | None:
        return await self.store.signed_url(key, expires_s)

    async def materialize(self, key: str, scratch: Path) -> Path:
        with self._timed("down", "get"):
            return await self.store.materialize(key, scratch)

    async def check(self) -> None:
        await self.store.check()

    async def close(self) -> None:
        await self.store.close()
