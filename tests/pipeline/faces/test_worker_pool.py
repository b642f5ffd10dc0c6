"""The process's worker pool: spawned workers started on demand and stopped when idle,
per-task timeouts that kill a stuck worker, errors that come back as themselves, and
workers that die with the process that started them."""

import asyncio
import os
import signal
import subprocess
import sys
import time
from multiprocessing import resource_tracker
from pathlib import Path

import numpy as np
import pytest

from pipeline.faces.cutout import alpha_bytes
from pipeline.faces.detect import DLIB_LOCK
from pipeline.faces.errors import NoFaceInPhoto
from pipeline.faces.identity import analyse_photo
from pipeline.faces.segment import checked_mask
from pipeline.process_pool import ProcessPool, WorkerCrashed, WorkerTimeout

REPO = Path(__file__).resolve().parents[3]
ORPHAN_SCRIPT = """
import asyncio, os, sys, time
from pipeline.process_pool import ProcessPool

async def main():
    pool = ProcessPool()
    async with pool.holding():
        await pool.run(os.getpid)
        print(*pool.worker_pids, flush=True)
        await pool.run(time.sleep, 60)

if __name__ == "__main__":
    asyncio.run(main())
"""


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A dead child of ours stays a zombie until reaped: only a running one counts. It may be
    # reaped between the two looks: then /proc refuses the read (ESRCH) or has no entry.
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return False
    return stat.split(") ")[1][0] != "Z"


def wait_gone(pids: list[int], seconds: float = 10.0) -> list[int]:
    deadline = time.monotonic() + seconds
    while (left := [pid for pid in pids if alive(pid)]) and time.monotonic() < deadline:
        time.sleep(0.05)
    return left


def tracker_stops(tracker: resource_tracker.ResourceTracker, seconds: float = 60.0) -> bool:
    deadline = time.monotonic() + seconds
    while getattr(tracker, "_pid", None) is not None and time.monotonic() < deadline:
        time.sleep(0.05)
    return getattr(tracker, "_pid", None) is None


def dlib_busy() -> bool:
    """(In a worker.) Whether dlib's lock is held there."""
    return DLIB_LOCK.locked()


async def test_workers_are_not_forks_of_this_process_and_stop_when_idle() -> None:
    pool = ProcessPool()
    with DLIB_LOCK:  # as while a scoring thread is inside dlib
        async with pool.holding():
            first = await pool.run(os.getpid)
            assert first != os.getpid()
            assert first in pool.worker_pids
            assert not await pool.run(dlib_busy)  # a fork would hold it forever
    assert pool.worker_pids == []
    assert wait_gone([first]) == []


async def test_the_resource_tracker_stops_with_an_idle_pool_and_returns_with_work() -> None:
    # The tracker a spawned pool starts would otherwise sit beside every render (~13 MB).
    pool = ProcessPool()
    await pool.run(os.getpid)
    tracker = resource_tracker._resource_tracker
    assert await asyncio.to_thread(tracker_stops, tracker)
    assert await pool.run(sum, [1, 2]) == 3  # the next pool starts it again and works
    async with pool.holding():
        assert await pool.run(os.getpid) in pool.worker_pids


async def test_a_task_over_its_timeout_is_killed_and_the_pool_goes_on() -> None:
    pool = ProcessPool(workers=1)
    async with pool.holding():
        stuck = await pool.run(os.getpid)
        started = time.monotonic()
        with pytest.raises(WorkerTimeout) as caught:
            await pool.run(time.sleep, 30, timeout_s=0.5)
        assert time.monotonic() - started < 5
        assert caught.value.transient
        assert wait_gone([stuck]) == []
        assert await pool.run(sum, [1, 2, 3]) == 6


async def test_a_task_queued_behind_a_killed_one_fails_transiently_not_cancelled() -> None:
    pool = ProcessPool(workers=1)
    stuck = asyncio.create_task(pool.run(time.sleep, 30, timeout_s=0.5))
    await asyncio.sleep(0.2)  # the sleep has the one worker
    # Some wait in the executor's call queue, the rest in its pending list: both kinds.
    behind = [asyncio.create_task(pool.run(sum, [1, n])) for n in range(4)]
    with pytest.raises(WorkerTimeout):
        await stuck
    for task in behind:
        with pytest.raises(WorkerCrashed) as caught:
            await task
        assert caught.value.transient
    assert await pool.run(sum, [1, 2]) == 3


async def test_a_domain_error_in_a_worker_arrives_as_itself(nobody: Path) -> None:
    with pytest.raises(NoFaceInPhoto) as caught:
        await ProcessPool().run(analyse_photo, nobody)
    assert caught.value.params == {"name": nobody.name}


def test_workers_die_with_the_process_that_started_them(tmp_path: Path) -> None:
    script = tmp_path / "orphans.py"
    script.write_text(ORPHAN_SCRIPT)
    with subprocess.Popen(
        [sys.executable, str(script)],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,  # the killed owner's resource tracker complains
        text=True,
    ) as owner:
        try:
            assert owner.stdout is not None
            workers = [int(pid) for pid in owner.stdout.readline().split()]
            assert workers
            assert all(alive(pid) for pid in workers)
        finally:
            owner.send_signal(signal.SIGKILL)
    assert wait_gone(workers) == []


def test_a_mask_with_nan_becomes_background_and_casts_cleanly() -> None:
    raw = np.full((4, 6), 0.8, np.float32)
    raw[1, :] = np.nan
    raw[2, 0], raw[2, 1], raw[3, 0] = np.inf, -np.inf, 1.7
    mask = checked_mask(raw)
    assert np.isfinite(mask).all()
    assert mask[1].tolist() == [0.0] * 6
    assert (mask[2, 0], mask[2, 1], mask[3, 0]) == (1.0, 0.0, 1.0)
    alpha = np.array([[np.nan, 0.5, 1.0, -0.2]], np.float32)
    assert alpha_bytes(alpha).tolist() == [[0, 128, 255, 0]]  # no "invalid value in cast"


@pytest.mark.filterwarnings("error::pytest.PytestUnhandledThreadExceptionWarning")
async def test_cancelling_running_and_queued_tasks_leaves_a_working_pool() -> None:
    """A job cancelled while one of its tasks runs and others wait (a shutdown, a stop).

    Python 3.11's executor marks every waiting task failed when its workers die; a task that
    was cancelled meanwhile made that raise in the executor's thread (CPython gh-107219), which
    then never failed the tasks after it: they waited forever.
    """
    pool = ProcessPool(workers=1)
    async with pool.holding():
        running = asyncio.create_task(pool.run(time.sleep, 30))
        await asyncio.sleep(0.5)  # the sleep has the one worker
        waiting = [asyncio.create_task(pool.run(sum, [1, n])) for n in range(4)]
        await asyncio.sleep(0.2)
        for task in [running, *waiting]:
            task.cancel()
        for task in [running, *waiting]:
            with pytest.raises(asyncio.CancelledError):
                await task
    other = asyncio.create_task(pool.run(sum, [1, 2]))
    assert await asyncio.wait_for(other, 30) == 3
