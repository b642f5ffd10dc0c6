"""The `FileStore` port: where every file a user owns lives, on local disk or in S3.

Keys come from `storage.keys` (relative POSIX paths under `users/<user_id>/`). Stages work on
local files in a scratch folder (`storage.scratch`) and `put_file` what they made; rows keep the
key, checksum and size that `put_file` returns; readers `materialize` a key to get a local path
(ffmpeg, Pillow), stream it with `iter_bytes` (uploads to platforms) or hand out `signed_url`.

Every write is atomic: a reader sees the old object or the whole new one, never a part. Memory
stays flat whatever the file's size: files move in chunks, never whole.
"""

from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol, runtime_checkable

CHUNK_BYTES = 1 << 20  # the unit files are read, hashed and copied in


@dataclass(frozen=True, slots=True)
class StoredObject:
    """An object just written: what an artifact row records (path = key)."""

    key: str
    sha256: str
    size_bytes: int


@dataclass(frozen=True, slots=True)
class ObjectInfo:
    """An object found by `stat` or `list_objects`."""

    key: str
    size_bytes: int
    modified: datetime  # UTC


@runtime_checkable
class FileStore(Protocol):
    """Async object storage keyed by `storage.keys`. Raises `storage.errors`: InvalidKey for
    a bad key, ObjectNotFound for a missing one, StorageAccessDenied, StorageError (transient)."""

    async def put_file(
        self, key: str, path: Path, *, content_type: str | None = None
    ) -> StoredObject:
        """Store a copy of the local file `path` at `key` (replacing any object there);
        the checksum is computed in the same pass."""
        ...

    async def put_bytes(
        self, key: str, data: bytes, *, content_type: str | None = None
    ) -> StoredObject:
        """Store a small object (JSON, ASS, SRT) from memory."""
        ...

    async def get_file(self, key: str, dest: Path) -> Path:
        """Download `key` to `dest` (written under a temp name, then renamed); returns `dest`."""
        ...

    async def read_bytes(self, key: str) -> bytes:
        """A small object's content (JSON, subtitles); stream or materialize anything large."""
        ...

    async def stat(self, key: str) -> ObjectInfo | None:
        """The object's size and time, or None when there is none."""
        ...

    async def is_intact(self, key: str, size_bytes: int) -> bool:
        """True when the object exists with the size its row recorded."""
        ...

    async def delete(self, keys: Iterable[str]) -> None:
        """Delete the objects; missing ones are fine."""
        ...

    async def delete_prefix(self, prefix: str) -> int:
        """Delete every object under the folder `prefix` (ends with `/`); returns how many."""
        ...

    async def list_objects(self, prefix: str) -> list[ObjectInfo]:
        """Every object under the folder `prefix` (ends with `/`), sorted by key."""
        ...

    def iter_bytes(self, key: str, chunk_size: int = CHUNK_BYTES) -> AsyncIterator[bytes]:
        """Stream the object in chunks of about `chunk_size` bytes. ObjectNotFound is raised
        at the first iteration."""
        ...

    async def signed_url(self, key: str, expires_s: int | None = None) -> str | None:
        """A URL anyone may GET the object from until it expires (presigned on S3), or None
        where the store cannot sign (local disk: the web app will sign its own)."""
        ...

    async def materialize(self, key: str, scratch: Path) -> Path:
        """A local path to read the object from (ffmpeg, Pillow), never to write to: the file
        itself on local disk, else a download into `scratch` reused while it is current."""
        ...

    async def check(self) -> None:
        """Fail fast at start-up: raise StorageError (or StorageAccessDenied) when the store
        cannot be used (root not writable, bucket missing, credentials refused)."""
        ...

    async def close(self) -> None:
        """Release connections and threads; the store is unusable afterwards."""
        ...
