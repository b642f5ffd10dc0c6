"""One pool of worker processes per process for CPU work: drawing scene stills, cutting a
person out of a photo, posing a character's variations. Jobs and bot handlers share it.

Workers are spawned (a fresh interpreter), never forked from this process: it runs threads
(aiosqlite's, `asyncio.to_thread`'s, mediapipe's), and a fork copies their locks and native
state mid-use. That is undefined behaviour, and it was seen: mediapipe's mask came back NaN in
a forked child, and a child forked while a thread held `DLIB_LOCK` waits for it forever. Not
a forkserver either: it would stay resident beside every render (11 MB; the budget is tight)
and, importing nothing, would start workers no faster than spawn does.

Workers start on demand and stop once no task runs and nobody `holds` the pool: drawing
leaves ~80 MB in a worker's allocator and mediapipe ~130 MB, none of which may sit beside
ffmpeg during the render. A task that overruns its timeout kills the workers (a running task
cannot be interrupted otherwise) and raises WorkerTimeout; the next task starts fresh ones.
Workers exit when this process dies: each watches its parent's sentinel.
"""

import asyncio
import multiprocessing
import os
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from functools import lru_cache
from multiprocessing.connection import wait
from typing import Any, TypeVar

from core.errors import DomainError
from pipeline import tracker_stop

T = TypeVar("T")

WORKERS = 2  # the reference machine's cores
TASK_TIMEOUT_S = 120.0  # a still draws in ~0.5 s, a cut-out in ~1 s: this is a hang


class WorkerTimeout(DomainError):
    key = "error-worker-timeout"
    template = "A drawing task took longer than {seconds:g} s and was stopped."
    transient = True


class WorkerCrashed(DomainError):
    key = "error-worker-crashed"
    template = "A drawing process stopped unexpectedly ({reason})."
    transient = True


def exit_with_parent() -> None:
    """Worker initializer: leave as soon as the process that started the pool is gone (a
    SIGKILL gives it no chance to stop its workers)."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return
    sentinel = parent.sentinel

    def watch() -> None:
        wait([sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


@dataclass(eq=False)
class _Workers:
    executor: ProcessPoolExecutor
    users: int = 0  # tasks running or queued, and holders


class ProcessPool:
    """Spawned workers shared by everything in this process; see the module docstring."""

    def __init__(self, workers: int = WORKERS) -> None:
        self.workers = workers
        self._context = multiprocessing.get_context("spawn")
        self._current: _Workers | None = None
        self._lock = threading.Lock()

    async def run(self, fn: Callable[..., T], *args: Any, timeout_s: float = TASK_TIMEOUT_S) -> T:
        """`fn(*args)` in a worker (both picklable); its result or its exception.

        Raises:
            WorkerTimeout: it ran longer than `timeout_s` (the workers were killed).
            WorkerCrashed: a worker died (a native crash, an OOM kill).
        """
        with self._use() as workers:
            try:
                # Spawning a worker takes tens of milliseconds: off the event loop.
                future = await asyncio.to_thread(workers.executor.submit, fn, *args)
            except (BrokenProcessPool, RuntimeError) as error:  # killed by another's timeout
                raise WorkerCrashed(reason=str(error) or type(error).__name__) from error
            result = asyncio.wrap_future(future)
            # Shielded: a cancelled wait must not cancel the executor's future (see `_kill`).
            result.add_done_callback(_retrieve)
            try:
                return await asyncio.wait_for(asyncio.shield(result), timeout_s)
            except TimeoutError:
                self._kill(workers)
                raise WorkerTimeout(seconds=timeout_s) from None
            except BrokenProcessPool as error:
                self._kill(workers)
                raise WorkerCrashed(reason=str(error) or type(error).__name__) from error
            except asyncio.CancelledError:
                task = asyncio.current_task()
                if task is None or not task.cancelling():  # our future, killed with the pool
                    raise WorkerCrashed(reason="stopped with a task that overran") from None
                if not future.done():  # nothing may outlive the cancelled job
                    self._kill(workers)
                raise

    @asynccontextmanager
    async def holding(self) -> AsyncIterator[None]:
        """Keep the workers (and what they imported) between the `run` calls inside."""
        with self._use():
            yield

    @property
    def worker_pids(self) -> list[int]:
        """The live workers' process IDs (none while the pool is idle)."""
        with self._lock:
            current = self._current
        if current is None:
            return []
        return [p.pid for p in _processes(current.executor) if p.pid is not None]

    @contextmanager
    def _use(self) -> Iterator[_Workers]:
        with self._lock:
            if self._current is None:
                tracker_stop.pool_starting()
                executor = ProcessPoolExecutor(
                    self.workers, mp_context=self._context, initializer=exit_with_parent
                )
                self._current = _Workers(executor)
            workers = self._current
            workers.users += 1
        try:
            yield workers
        finally:
            with self._lock:
                workers.users -= 1
                idle = workers.users == 0
                if idle and self._current is workers:
                    self._current = None
            if idle:
                workers.executor.shutdown(wait=False, cancel_futures=True)
                # The thread must not keep the executor alive: it takes it from a list.
                pending = [workers.executor]
                del workers
                # Then the resource tracker goes too, unless another pool needs it.
                threading.Thread(
                    target=tracker_stop.stop_after, args=(pending,), daemon=True
                ).start()

    def _kill(self, workers: _Workers) -> None:
        """Kill the workers: every task running or waiting in them fails with
        BrokenProcessPool (WorkerCrashed), a transient error.

        No executor future may be cancelled here or by a cancelled `run`: on Python 3.11 the
        executor's thread then fails a cancelled task, raises (CPython gh-107219, fixed in
        3.12) and never fails the tasks after it, which wait forever.
        """
        with self._lock:
            if self._current is workers:
                self._current = None
        for process in _processes(workers.executor):
            process.kill()
        workers.executor.shutdown(wait=False)


def _retrieve(result: "asyncio.Future[Any]") -> None:
    """Read a shielded result nobody awaits any more, so asyncio does not log it as lost."""
    if not result.cancelled():
        result.exception()


def _processes(executor: ProcessPoolExecutor) -> list[multiprocessing.Process]:
    # No public accessor before Python 3.14 (`terminate_workers`); None once shut down.
    found = getattr(executor, "_processes", None) or {}
    return list(found.values())


@lru_cache(maxsize=1)
def process_pool() -> ProcessPool:
    """This process's pool, made at first use (nothing starts before a task is run)."""
    return ProcessPool()
