"""The ports: what the inner layers need from the outside, as Protocols the outer layers
implement (`jobs.queue`, `bot.notify`, `storage.local` / `storage.s3`)."""

from core.ports.files import CHUNK_BYTES, FileStore, ObjectInfo, StoredObject
from core.ports.jobs import JobQueue
from core.ports.notify import (
    Notifier,
    SilentNotifier,
    StageProgress,
    StudioEvent,
    StudioJobState,
    StudioProgress,
    StudioStep,
    StudioWork,
)

__all__ = [
    "CHUNK_BYTES",
    "FileStore",
    "JobQueue",
    "Notifier",
    "ObjectInfo",
    "SilentNotifier",
    "StageProgress",
    "StoredObject",
    "StudioEvent",
    "StudioJobState",
    "StudioProgress",
    "StudioStep",
    "StudioWork",
]
