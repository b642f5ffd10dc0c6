"""Stopping multiprocessing's resource tracker when no process pool needs it.

A spawned pool starts the tracker (a Python process of ~13 MB) and it would otherwise stay
beside every render until this process exits. It is stopped once no pool of this process
lives and no named semaphore is left (each unregisters as it dies); the next pool starts it
again. Stopping earlier would make the tracker unlink semaphore names still in use.
"""

import threading
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import resource_tracker
from multiprocessing import util as mp_util
from multiprocessing.synchronize import SemLock

STOP_WAIT_S = 30.0  # how long an idle pool's semaphores may take to go
SETTLE_S = 1.0  # a semaphore's finalizer leaves the registry before it writes to the tracker


@dataclass(eq=False)
class _PoolsAlive:
    """Executors alive in this process (every ProcessPool's), guarded by `lock`."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    executors: int = 0
    started: int = 0  # every executor ever counted: a pool that came and went in a wait shows


_POOLS = _PoolsAlive()


def pool_starting() -> None:
    """Count a new executor (called before it is made: never while the tracker stops)."""
    with _POOLS.lock:
        _POOLS.executors += 1
        _POOLS.started += 1


def stop_after(pending: list[ProcessPoolExecutor]) -> None:
    """(In a thread.) Shut the executor in `pending` down (taken out of the list, so nothing
    else keeps it alive), then stop the tracker if nothing needs it any more."""
    pending.pop().shutdown(wait=True)
    with _POOLS.lock:
        _POOLS.executors -= 1
    deadline = time.monotonic() + STOP_WAIT_S
    while _semaphores_alive() and time.monotonic() < deadline:
        time.sleep(0.5)
    # A finalizer takes its semaphore out of the registry and only then tells the tracker:
    # stopping in between closes the pipe under its write (EBADF, seen under load). So the
    # registry must stay empty, with no pool started, for a while before the tracker goes.
    with _POOLS.lock:
        started = _POOLS.started
    if _semaphores_alive():  # still there after the wait: keep the tracker
        return
    time.sleep(SETTLE_S)
    with _POOLS.lock:  # no pool may start while it stops
        idle = _POOLS.executors == 0 and _POOLS.started == started
        if idle and not _semaphores_alive():
            stop_resource_tracker()


def _semaphores_alive() -> bool:
    """Whether a named semaphore of this process still waits for its finalizer (each one
    registered with the tracker has one in multiprocessing's registry until it dies). Read
    from that registry, not by scanning every object: `gc.get_objects()` from a thread can
    catch another thread's tuple half built and break it. No forced collection either: the
    semaphores go by reference counting once the executor is gone, and a full collection of a
    large heap would hold the interpreter for a long while, every half second."""
    registry = getattr(mp_util, "_finalizer_registry", None)
    if registry is None:  # not CPython's layout: never stop what cannot be checked
        return True
    cleanup = SemLock._cleanup  # type: ignore[attr-defined]
    return any(getattr(f, "_callback", None) is cleanup for f in list(registry.values()))


def stop_resource_tracker() -> None:
    """Stop this process's resource tracker if it runs (no public API: CPython's own
    `_stop`, which the standard library's tests use; absent elsewhere, then a no-op)."""
    tracker = getattr(resource_tracker, "_resource_tracker", None)
    stop = getattr(tracker, "_stop", None)
    if callable(stop):
        stop()
