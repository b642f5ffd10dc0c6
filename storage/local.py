"""`LocalStore`: objects are files under one root folder, at `<root>/<key>`.

The default store, with exactly the layout the app has always had (`users/<id>/...`), so
existing rows and files stay valid. Writes go to a unique hidden temp name beside the final
one and are renamed over it (`os.replace`), so a reader never sees part of a file; keys that
resolve outside the root (`..`, a symlink pointing out) are refused.
"""

import asyncio
import io
import os
import shutil
import tempfile
import threading
from collections.abc import AsyncIterator, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import IO
from uuid import uuid4

from core.ports import CHUNK_BYTES, ObjectInfo, StoredObject
from storage.chunks import copy_hashed, discard, run_abandonable
from storage.errors import InvalidKey, ObjectNotFound, StorageError
from storage.keys import check_key, check_prefix


class LocalStore:
    """A `FileStore` on local disk. Blocking file work runs in the default thread pool."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()

    def path_of(self, key: str) -> Path:
        """The absolute path of `key` (which need not exist); InvalidKey when it escapes."""
        path = (self.root / check_key(key)).resolve()
        if not path.is_relative_to(self.root):
            raise InvalidKey(key=key[:80], reason="it resolves outside the storage root")
        return path

    async def put_file(
        self, key: str, path: Path, *, content_type: str | None = None
    ) -> StoredObject:
        final = self.path_of(key)
        return await run_abandonable(None, lambda stop: self._write(key, final, path, stop))

    async def put_bytes(
        self, key: str, data: bytes, *, content_type: str | None = None
    ) -> StoredObject:
        final = self.path_of(key)

        return await run_abandonable(
            None, lambda stop: self._write(key, final, io.BytesIO(data), stop)
        )

    def _write(
        self, key: str, final: Path, source: Path | IO[bytes], stop: threading.Event
    ) -> StoredObject:
        handle = source.open("rb") if isinstance(source, Path) else source
        tmp = final.with_name(f".{final.name}.{uuid4().hex}.part")
        try:
            with handle:
                final.parent.mkdir(parents=True, exist_ok=True)
                with tmp.open("wb") as target:
                    sha256, size = copy_hashed(handle, target, stop)
            os.replace(tmp, final)
        except OSError as error:
            raise StorageError(action="write", key=key, reason=str(error)) from error
        finally:
            discard(tmp)
        return StoredObject(key, sha256, size)

    async def get_file(self, key: str, dest: Path) -> Path:
        source = self.path_of(key)

        def copy(stop: threading.Event) -> Path:
            tmp = dest.with_name(f".{dest.name}.{uuid4().hex}.part")
            dest.parent.mkdir(parents=True, exist_ok=True)
            try:
                with _opened(key, source) as handle, tmp.open("wb") as target:
                    copy_hashed(handle, target, stop)
                os.replace(tmp, dest)
            finally:
                discard(tmp)
            return dest

        return await run_abandonable(None, copy)

    async def read_bytes(self, key: str) -> bytes:
        path = self.path_of(key)

        def read() -> bytes:
            with _opened(key, path) as handle:
                return handle.read()

        return await asyncio.to_thread(read)

    async def stat(self, key: str) -> ObjectInfo | None:
        return await asyncio.to_thread(self._stat, key, self.path_of(key))

    def _stat(self, key: str, path: Path) -> ObjectInfo | None:
        try:
            found = path.stat()
        except (FileNotFoundError, NotADirectoryError):
            return None
        if not path.is_file():
            return None
        return ObjectInfo(key, found.st_size, datetime.fromtimestamp(found.st_mtime, UTC))

    async def is_intact(self, key: str, size_bytes: int) -> bool:
        info = await self.stat(key)
        return info is not None and info.size_bytes == size_bytes

    async def delete(self, keys: Iterable[str]) -> None:
        paths = [self.path_of(key) for key in keys]  # all checked before any is removed

        def remove() -> None:
            for path in paths:
                path.unlink(missing_ok=True)

        await asyncio.to_thread(remove)

    async def delete_prefix(self, prefix: str) -> int:
        folder = self.path_of(check_prefix(prefix).removesuffix("/"))

        def remove() -> int:
            count = sum(1 for path in folder.rglob("*") if path.is_file())
            shutil.rmtree(folder, ignore_errors=True)
            return count

        return await asyncio.to_thread(remove)

    async def list_objects(self, prefix: str) -> list[ObjectInfo]:
        folder = self.path_of(check_prefix(prefix).removesuffix("/"))

        def walk() -> list[ObjectInfo]:
            found = []
            for path in folder.rglob("*"):
                key = path.relative_to(self.root).as_posix()
                # Hidden names are temp files and work folders, never keys.
                if not any(part.startswith(".") for part in key.split("/")):
                    info = self._stat(key, path)
                    found.extend([info] if info else [])
            return sorted(found, key=lambda info: info.key)

        return await asyncio.to_thread(walk)

    async def iter_bytes(self, key: str, chunk_size: int = CHUNK_BYTES) -> AsyncIterator[bytes]:
        path = self.path_of(key)
        handle = await asyncio.to_thread(_opened, key, path)
        try:
            while chunk := await asyncio.to_thread(handle.read, chunk_size):
                yield chunk
        finally:
            handle.close()

    async def signed_url(self, key: str, expires_s: int | None = None) -> str | None:
        self.path_of(key)
        return None  # the web app will serve local files under its own signed URLs

    async def materialize(self, key: str, scratch: Path) -> Path:
        path = self.path_of(key)
        if not await asyncio.to_thread(path.is_file):
            raise ObjectNotFound(key=key)
        return path

    async def check(self) -> None:
        def probe() -> None:
            self.root.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=self.root, prefix=".probe-"):
                pass

        try:
            await asyncio.to_thread(probe)
        except OSError as error:
            raise StorageError(action="write", key=str(self.root), reason=str(error)) from error

    async def close(self) -> None:
        return None


def _opened(key: str, path: Path) -> IO[bytes]:
    try:
        return path.open("rb")
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError) as error:
        raise ObjectNotFound(key=key) from error
