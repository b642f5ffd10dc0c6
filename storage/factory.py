"""Build the configured `FileStore` and the process's working folder (the composition roots
call these once per process)."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from core.ports import FileStore
from core.settings import StorageSettings
from storage.disk import Storage
from storage.local import LocalStore
from storage.scratch import scratch_dir
from storage.sync import settle


def build_store(settings: StorageSettings) -> FileStore:
    """`LocalStore` at `settings.root`, or `S3Store` on `settings.s3` with backend "s3".

    Call `await store.check()` at start-up to fail fast, and `await store.close()` at exit.
    """
    if settings.backend == "s3":
        # Imported here: a process on local disk never loads the S3 client (~10 MB RSS).
        from storage.s3 import S3Store  # noqa: PLC0415

        return S3Store(settings.s3)
    return LocalStore(settings.root)


@asynccontextmanager
async def open_storage(settings: StorageSettings) -> AsyncIterator[Storage]:
    """The process's `Storage`: on the local backend the store's own root (nothing copied);
    on S3 a scratch folder of this process (under `settings.scratch_dir`), removed at exit,
    mirrored to the bucket by `storage.sync`. The store is checked first (fail fast)."""
    if settings.backend != "s3":
        root = settings.root.resolve()
        root.mkdir(parents=True, exist_ok=True)
        yield Storage(root)
        return
    store = build_store(settings)
    try:
        await store.check()
        async with scratch_dir(settings.scratch_dir, label="storage") as folder:
            storage = Storage(folder.resolve(), store)
            try:
                yield storage
            finally:
                await settle(storage)
    finally:
        await store.close()
