"""Build the configured `FileStore` (the composition roots call this once per process)."""

from core.ports import FileStore
from core.settings import StorageSettings
from storage.local import LocalStore


def build_store(settings: StorageSettings) -> FileStore:
    """`LocalStore` at `settings.root`, or `S3Store` on `settings.s3` with backend "s3".

    Call `await store.check()` at start-up to fail fast, and `await store.close()` at exit.
    """
    if settings.backend == "s3":
        # Imported here: a process on local disk never loads the S3 client (~10 MB RSS).
        from storage.s3 import S3Store  # noqa: PLC0415

        return S3Store(settings.s3)
    return LocalStore(settings.root)
