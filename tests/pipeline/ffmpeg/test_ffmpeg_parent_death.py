"""A worker killed with SIGKILL (no cleanup runs) takes its ffmpeg with it."""

import asyncio
import sys
from pathlib import Path

import psutil

from pipeline.ffmpeg import find_ffmpeg

ROOT = Path(__file__).resolve().parents[3]
# A worker process in miniature: the one ffmpeg runner, running a render that takes minutes.
WORKER = (
    "import asyncio, sys\n"
    "from pipeline.ffmpeg.runner import run_ffmpeg\n"
    "asyncio.run(run_ffmpeg(sys.argv[1:], timeout=600))\n"
)


def ended(process: psutil.Process) -> bool:
    try:  # a killed orphan may linger as a zombie until init reaps it: it runs no more
        return not process.is_running() or process.status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


async def test_ffmpeg_dies_with_a_killed_worker() -> None:
    argv = [find_ffmpeg(None), "-hide_banner", "-nostdin", "-re", "-f", "lavfi",
            "-i", "testsrc2=s=64x64:d=600", "-f", "null", "-"]  # fmt: skip
    worker = await asyncio.create_subprocess_exec(sys.executable, "-c", WORKER, *argv, cwd=ROOT)
    children: list[psutil.Process] = []
    try:
        for _ in range(400):
            if children := psutil.Process(worker.pid).children():
                break
            await asyncio.sleep(0.05)
        (render,) = children
        assert render.name().startswith("ffmpeg")

        worker.kill()
        await worker.wait()
        for _ in range(100):
            if ended(render):
                break
            await asyncio.sleep(0.05)
        assert ended(render), "ffmpeg outlived its worker"
    finally:
        if worker.returncode is None:
            worker.kill()
            await worker.wait()
        for child in children:
            if not ended(child):
                child.kill()
