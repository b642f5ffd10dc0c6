"""Keep a process's working folder and the file store in step, by key.

A `Storage` with a `store` (the S3 backend) works in a local folder laid out like the store
(`<root>/<key>`): a step pulls the keys it reads, works on local files as ever, and pushes the
files it wrote. Without a store the folder is the store, and every call here does nothing.

A pulled or pushed file gets the object's size and time (mtime), so the next pull of an
unchanged object costs one listing or HEAD and no download. Files move several at a time
(the S3 store's own thread pool bounds how many).
"""

import asyncio
import os
import shutil
from collections.abc import Iterable
from pathlib import Path

import structlog

from core.ports import FileStore, ObjectInfo
from storage.disk import Storage
from storage.keys import check_prefix

log = structlog.get_logger(__name__)
SAME_TIME_S = 1.0  # S3 lists times in ms but answers HEAD in whole seconds


async def push_files(storage: Storage, relpaths: Iterable[str]) -> None:
    """Put the local files at `relpaths` (keys) into the store."""
    store = storage.store
    if store is None:
        return

    async def push(key: str) -> None:
        await store.put_file(key, storage.resolve(key))
        info = await store.stat(key)
        if info is not None:
            await asyncio.to_thread(_stamp, storage, info)

    await asyncio.gather(*(push(key) for key in dict.fromkeys(relpaths)))


async def pull_keys(storage: Storage, keys: Iterable[str]) -> None:
    """Bring the objects at `keys` into the local folder, unless the copy there is current.
    A key the store does not hold is skipped (the caller finds no file, as on local disk)."""
    store = storage.store
    if store is None:
        return

    async def pull(key: str) -> None:
        info = await store.stat(key)
        if info is not None:
            await _pull(store, storage, info)

    await asyncio.gather(*(pull(key) for key in dict.fromkeys(keys)))


async def pull_prefix(storage: Storage, prefix: str) -> int:
    """Bring every object under the folder `prefix` into the local folder (current copies
    stay); returns how many were downloaded."""
    store = storage.store
    if store is None:
        return 0
    found = await store.list_objects(check_prefix(prefix))
    return sum(await asyncio.gather(*(_pull(store, storage, info) for info in found)))


async def delete_files(
    storage: Storage, relpaths: Iterable[str], folders: Iterable[str] = ()
) -> None:
    """Delete the files and whole folders (relative paths) locally and from the store."""
    files, dirs = set(relpaths), list(folders)
    await asyncio.to_thread(_delete_local, storage, files, dirs)
    if storage.store is not None:
        if files:
            await storage.store.delete(files)
        for folder in dirs:
            await storage.store.delete_prefix(folder.rstrip("/") + "/")


def delete_later(storage: Storage, relpaths: set[str], folders: list[str]) -> None:
    """`delete_files` from code that cannot await (a commit hook): the local files go now,
    the store's in a task of the running loop (`settle` waits for them)."""
    _delete_local(storage, relpaths, folders)
    if storage.store is None or not (relpaths or folders):
        return
    task = asyncio.get_running_loop().create_task(delete_files(storage, relpaths, folders))
    storage.pending.add(task)
    task.add_done_callback(storage.pending.discard)


async def settle(storage: Storage) -> None:
    """Wait for the store deletions `delete_later` started (tests, and before exit)."""
    while storage.pending:
        results = await asyncio.gather(*storage.pending, return_exceptions=True)
        for result in results:
            if isinstance(result, BaseException):
                log.warning("storage.delete_failed", error=str(result))


def drop_local(storage: Storage, relpath: str) -> None:
    """Forget a folder's local copy (the store keeps it); nothing on the local backend."""
    folder = storage.resolve(relpath)
    if storage.store is not None and folder != storage.root.resolve():
        shutil.rmtree(folder, ignore_errors=True)


async def _pull(store: FileStore, storage: Storage, info: ObjectInfo) -> int:
    local = storage.resolve(info.key)
    if await asyncio.to_thread(_is_current, local, info):
        return 0
    await store.get_file(info.key, local)
    await asyncio.to_thread(_stamp, storage, info)
    return 1


def _is_current(local: Path, info: ObjectInfo) -> bool:
    try:
        found = local.stat()
    except OSError:
        return False
    same_time = abs(found.st_mtime - info.modified.timestamp()) < SAME_TIME_S
    return found.st_size == info.size_bytes and same_time


def _stamp(storage: Storage, info: ObjectInfo) -> None:
    moment = info.modified.timestamp()
    os.utime(storage.resolve(info.key), (moment, moment))


def _delete_local(storage: Storage, files: set[str], folders: list[str]) -> None:
    storage.remove_files(files)
    for folder in folders:
        shutil.rmtree(storage.resolve(folder), ignore_errors=True)
