"""`S3Store`: objects in one bucket of any S3-compatible service (AWS S3, Cloudflare R2, MinIO,
SeaweedFS), through obstore's blocking API in a small thread pool of our own (see
`storage.s3_client` for the choice of client and why not its async API).

An object appears whole or not at all (S3 semantics; a failed or abandoned multipart upload is
aborted). Files above the multipart threshold go up in parts, a few at a time, so memory stays
about part size x (concurrency + 1); downloads stream to disk in 1 MiB chunks.
"""

import asyncio
import hashlib
import mimetypes
import os
import threading
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path
from typing import TypeVar
from uuid import uuid4

import obstore

from core.ports import CHUNK_BYTES, ObjectInfo, StoredObject
from core.settings import S3Settings
from storage.chunks import CopyStopped, HashedChunks, discard, run_abandonable
from storage.errors import InvalidKey, ObjectNotFound
from storage.keys import check_key, check_prefix
from storage.s3_client import build_client, mapped_errors

T = TypeVar("T")
IO_THREADS = 8  # S3 calls in flight per process; each mostly waits on the network
DELETE_BATCH = 1000  # S3 DeleteObjects takes at most 1000 keys


class S3Store:
    """A `FileStore` on an S3 bucket; `close()` it when the process is done with it."""

    def __init__(self, settings: S3Settings) -> None:
        self.settings = settings
        self._client = build_client(settings)
        self._pool = ThreadPoolExecutor(IO_THREADS, thread_name_prefix="s3")
        self._part_bytes = settings.multipart_threshold_mb << 20

    async def put_file(
        self, key: str, path: Path, *, content_type: str | None = None
    ) -> StoredObject:
        attributes = {"Content-Type": content_type or _guess_type(key)}
        check_key(key)

        def upload(stop: threading.Event) -> StoredObject:
            with path.open("rb") as source:
                if os.fstat(source.fileno()).st_size <= self._part_bytes:
                    return self._put_small(key, source.read(), attributes)
                chunks = HashedChunks(source, stop)
                with mapped_errors("upload", key):
                    obstore.put(
                        self._client, key, chunks, attributes=attributes,
                        chunk_size=self._part_bytes,
                        max_concurrency=self.settings.multipart_concurrency,
                    )  # fmt: skip
            return StoredObject(key, chunks.sha256, chunks.size)

        return await run_abandonable(self._pool, upload)

    async def put_bytes(
        self, key: str, data: bytes, *, content_type: str | None = None
    ) -> StoredObject:
        attributes = {"Content-Type": content_type or _guess_type(key)}
        check_key(key)
        return await self._run(lambda: self._put_small(key, data, attributes))

    def _put_small(self, key: str, data: bytes, attributes: dict[str, str]) -> StoredObject:
        with mapped_errors("upload", key):
            obstore.put(self._client, key, data, attributes=attributes, use_multipart=False)
        return StoredObject(key, hashlib.sha256(data).hexdigest(), len(data))

    async def get_file(self, key: str, dest: Path) -> Path:
        check_key(key)
        return await run_abandonable(self._pool, lambda stop: self._download(key, dest, stop)[0])

    def _download(self, key: str, dest: Path, stop: threading.Event) -> tuple[Path, str | None]:
        """Stream `key` into `dest` (temp name, then rename); returns it and the ETag."""
        dest.parent.mkdir(parents=True, exist_ok=True)
        tmp = dest.with_name(f".{dest.name}.{uuid4().hex}.part")
        try:
            with tmp.open("wb") as target, mapped_errors("download", key):
                result = obstore.get(self._client, key)
                for chunk in result.stream(min_chunk_size=CHUNK_BYTES):
                    if stop.is_set():
                        raise CopyStopped
                    target.write(chunk)
            os.replace(tmp, dest)
        finally:
            discard(tmp)
        return dest, result.meta["e_tag"]

    async def read_bytes(self, key: str) -> bytes:
        check_key(key)

        def read() -> bytes:
            with mapped_errors("download", key):
                return bytes(obstore.get(self._client, key).bytes())

        return await self._run(read)

    async def stat(self, key: str) -> ObjectInfo | None:
        check_key(key)
        try:
            return await self._run(lambda: self._head(key))
        except ObjectNotFound:
            return None

    def _head(self, key: str) -> ObjectInfo:
        with mapped_errors("inspect", key):
            meta = obstore.head(self._client, key)
        return ObjectInfo(key, meta["size"], meta["last_modified"])

    async def is_intact(self, key: str, size_bytes: int) -> bool:
        info = await self.stat(key)
        return info is not None and info.size_bytes == size_bytes

    async def delete(self, keys: Iterable[str]) -> None:
        checked = [check_key(key) for key in keys]
        await self._run(lambda: self._delete_all(checked))

    def _delete_all(self, keys: list[str]) -> None:
        for start in range(0, len(keys), DELETE_BATCH):
            batch = keys[start : start + DELETE_BATCH]
            with mapped_errors("delete", batch[0]):
                obstore.delete(self._client, batch)

    async def delete_prefix(self, prefix: str) -> int:
        keys = [info.key for info in await self.list_objects(prefix)]
        await self._run(lambda: self._delete_all(keys))
        return len(keys)

    async def list_objects(self, prefix: str) -> list[ObjectInfo]:
        folder = check_prefix(prefix).removesuffix("/")

        def walk() -> list[ObjectInfo]:
            with mapped_errors("list", prefix):
                found = obstore.list(self._client, folder).collect()
            infos = (ObjectInfo(m["path"], m["size"], m["last_modified"]) for m in found)
            return sorted(infos, key=lambda info: info.key)

        return await self._run(walk)

    async def iter_bytes(self, key: str, chunk_size: int = CHUNK_BYTES) -> AsyncIterator[bytes]:
        check_key(key)

        def start() -> Iterator[bytes]:
            with mapped_errors("download", key):
                return iter(obstore.get(self._client, key).stream(min_chunk_size=chunk_size))

        chunks = await self._run(start)
        while True:
            chunk = await self._run(lambda: _next_chunk(chunks, key))
            if chunk is None:
                return
            yield chunk

    async def signed_url(self, key: str, expires_s: int | None = None) -> str | None:
        check_key(key)
        expires = timedelta(seconds=expires_s or self.settings.presign_expiry_s)
        with mapped_errors("sign", key):
            return await self._run(lambda: obstore.sign(self._client, "GET", key, expires))

    async def materialize(self, key: str, scratch: Path) -> Path:
        check_key(key)
        return await run_abandonable(self._pool, lambda stop: self._cached(key, scratch, stop))

    def _cached(self, key: str, scratch: Path, stop: threading.Event) -> Path:
        """`<scratch>/<key>` when its recorded ETag is still the object's, else a download."""
        local = (scratch / key).resolve()
        if not local.is_relative_to(scratch.resolve()):
            raise InvalidKey(key=key[:80], reason="it resolves outside the scratch folder")
        sidecar = local.with_name(f".{local.name}.etag")
        if local.is_file() and sidecar.is_file():
            with mapped_errors("inspect", key):
                current = obstore.head(self._client, key)["e_tag"]
            if current is not None and sidecar.read_text() == current:
                return local
        _path, etag = self._download(key, local, stop)
        sidecar.write_text(etag or "")
        return local

    async def check(self) -> None:
        def first_page() -> None:
            with mapped_errors("list", f"bucket {self.settings.bucket}"):
                next(iter(obstore.list(self._client, chunk_size=1)), None)

        await self._run(first_page)

    async def close(self) -> None:
        await asyncio.to_thread(self._pool.shutdown, wait=True)

    async def _run(self, work: Callable[[], T]) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._pool, work)


def _next_chunk(chunks: Iterator[bytes], key: str) -> bytes | None:
    with mapped_errors("download", key):
        return next(chunks, None)


def _guess_type(key: str) -> str:
    return mimetypes.guess_type(key)[0] or "application/octet-stream"
