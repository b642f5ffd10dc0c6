"""A `FileStore` that times every call of the store it wraps, by direction: what the render
bench reports as the upload and download overhead of a Short on S3."""

import time
from collections.abc import AsyncIterator, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from core.ports import CHUNK_BYTES, FileStore, ObjectInfo, StoredObject


@dataclass
class StoreTimes:
    """Seconds spent in the store: uploads, downloads and the rest (HEAD, LIST, DELETE)."""

    up_s: float = 0.0
    down_s: float = 0.0
    meta_s: float = 0.0
    calls: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, float | dict[str, int]]:
        total = self.up_s + self.down_s + self.meta_s
        return {
            "upload_s": round(self.up_s, 3),
            "download_s": round(self.down_s, 3),
            "meta_s": round(self.meta_s, 3),
            "store_s": round(total, 3),
            "store_calls": dict(sorted(self.calls.items())),
        }


class TimedStore:
    def __init__(self, store: FileStore, times: StoreTimes) -> None:
        self.store, self.times = store, times

    @contextmanager
    def _timed(self, kind: str, name: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            spent = time.perf_counter() - started
            setattr(self.times, kind, getattr(self.times, kind) + spent)
            self.times.calls[name] = self.times.calls.get(name, 0) + 1

    async def put_file(
        self, key: str, path: Path, *, content_type: str | None = None
    ) -> StoredObject:
        with self._timed("up_s", "put"):
            return await self.store.put_file(key, path, content_type=content_type)

    async def put_bytes(
        self, key: str, data: bytes, *, content_type: str | None = None
    ) -> StoredObject:
        with self._timed("up_s", "put"):
            return await self.store.put_bytes(key, data, content_type=content_type)

    async def get_file(self, key: str, dest: Path) -> Path:
        with self._timed("down_s", "get"):
            return await self.store.get_file(key, dest)

    async def read_bytes(self, key: str) -> bytes:
        with self._timed("down_s", "get"):
            return await self.store.read_bytes(key)

    async def stat(self, key: str) -> ObjectInfo | None:
        with self._timed("meta_s", "head"):
            return await self.store.stat(key)

    async def is_intact(self, key: str, size_bytes: int) -> bool:
        with self._timed("meta_s", "head"):
            return await self.store.is_intact(key, size_bytes)

    async def delete(self, keys: Iterable[str]) -> None:
        with self._timed("meta_s", "delete"):
            await self.store.delete(keys)

    async def delete_prefix(self, prefix: str) -> int:
        with self._timed("meta_s", "delete"):
            return await self.store.delete_prefix(prefix)

    async def list_objects(self, prefix: str) -> list[ObjectInfo]:
        with self._timed("meta_s", "list"):
            return await self.store.list_objects(prefix)

    async def iter_bytes(self, key: str, chunk_size: int = CHUNK_BYTES) -> AsyncIterator[bytes]:
        with self._timed("down_s", "get"):
            async for chunk in self.store.iter_bytes(key, chunk_size):
                yield chunk

    async def signed_url(self, key: str, expires_s: int | None = None) -> str | None:
        return await self.store.signed_url(key, expires_s)

    async def materialize(self, key: str, scratch: Path) -> Path:
        with self._timed("down_s", "get"):
            return await self.store.materialize(key, scratch)

    async def check(self) -> None:
        await self.store.check()

    async def close(self) -> None:
        await self.store.close()
