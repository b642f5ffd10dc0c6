"""The two `JobQueue`s: `ArqQueue` (Redis, for the `python -m jobs` workers) and
`LocalQueue` (embedded, in-process): same jobs, same two queues, same turns between users."""

from jobs.arq_queue import ArqQueue
from jobs.local_queue import LocalQueue
from jobs.reaper import enqueue_unfinished

__all__ = ["ArqQueue", "LocalQueue", "enqueue_unfinished"]
