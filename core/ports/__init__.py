"""The ports: what the inner layers need from the outside, as Protocols the outer layers
implement (`jobs.queue`, `bot.notify`, `storage.local` / `storage.s3`)."""

from core.ports.files import CHUNK_BYTES, FileStore, ObjectInfo, StoredObject
from core.ports.jobs import JobQueue
from core.ports.notify import (
    AccountChange,
    AccountEvent,
    AccountNotifier,
    Notifier,
    SilentNotifier,
    StageProgress,
    StudioEvent,
    StudioJobState,
    StudioProgress,
    StudioStep,
    StudioWork,
)
from core.ports.publication_events import PublicationEvent, PublicationNews

__all__ = [
    "CHUNK_BYTES",
    "AccountChange",
    "AccountEvent",
    "AccountNotifier",
    "FileStore",
    "JobQueue",
    "Notifier",
    "ObjectInfo",
    "PublicationEvent",
    "PublicationNews",
    "SilentNotifier",
    "StageProgress",
    "StoredObject",
    "StudioEvent",
    "StudioJobState",
    "StudioProgress",
    "StudioStep",
    "StudioWork",
]
