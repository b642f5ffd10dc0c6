"""The one async ffmpeg runner: exec (no shell), progress, stderr tail, timeout, cancel."""

import asyncio
import contextlib
import inspect
import os
from collections import deque
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from core.errors import ToolMissing
from pipeline.children import die_with_parent
from pipeline.ffmpeg.errors import RenderError, RenderTimeout
from pipeline.ffmpeg.progress import RenderProgress, parse_line

ProgressCallback = Callable[[RenderProgress], Awaitable[None] | None]
TAIL_LINES = 60
GRACE_S = 3.0
LINE_LIMIT = 1 << 20  # ffmpeg echoes a whole filter chain when it cannot parse it
# glibc raises its mmap threshold to the size of each large block freed (up to 32 MB), after
# which multi-MB frame buffers come from the heaps and stay resident once freed. A fixed
# threshold (any M_* setting disables the sliding one) hands them back: measured 338 -> 324 MB
# peak RSS for a 30 s 1080x1920 render, same speed. MALLOC_ARENA_MAX=2 measured within noise.
# Values already in the environment win.
FFMPEG_ENV = {"MALLOC_MMAP_THRESHOLD_": str(128 * 1024)}


def ffmpeg_env() -> dict[str, str]:
    """The environment ffmpeg runs in: ours, with `FFMPEG_ENV` as defaults."""
    return {**FFMPEG_ENV, **os.environ}


async def _pump_stdout(stream: asyncio.StreamReader, on_progress: ProgressCallback | None) -> None:
    block: dict[str, str] = {}
    async for raw in stream:
        progress = parse_line(raw.decode("utf-8", "replace"), block)
        if progress is not None and on_progress is not None:
            result = on_progress(progress)
            if inspect.isawaitable(result):
                await result


async def _pump_stderr(stream: asyncio.StreamReader, tail: deque[str]) -> None:
    async for raw in stream:
        tail.append(raw.decode("utf-8", "replace").rstrip())


async def _stop(proc: asyncio.subprocess.Process) -> None:
    """Terminate, then kill after a grace period; always reap."""
    if proc.returncode is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        proc.terminate()
    try:
        await asyncio.wait_for(proc.wait(), GRACE_S)
    except TimeoutError:
        with contextlib.suppress(ProcessLookupError):
            proc.kill()
        await proc.wait()


async def _cleanup(proc: asyncio.subprocess.Process, pumps: "asyncio.Future[Any]") -> None:
    await _stop(proc)
    pumps.cancel()
    with contextlib.suppress(asyncio.CancelledError, Exception):
        await pumps


async def run_ffmpeg(
    argv: Sequence[str],
    *,
    timeout: float,  # noqa: ASYNC109 - the runner owns the kill-on-timeout policy
    on_progress: ProgressCallback | None = None,
) -> str:
    """Run ffmpeg to completion and return its stderr tail (the last `TAIL_LINES` lines).

    Raises:
        RenderTimeout: it ran longer than `timeout` seconds (the process is stopped).
        RenderError: it failed; the subclass comes from `RenderError.from_stderr`.
        ToolMissing: `argv[0]` does not exist.
    """
    try:
        proc = await asyncio.create_subprocess_exec(
            *argv,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            limit=LINE_LIMIT,
            env=ffmpeg_env(),
            preexec_fn=die_with_parent(),  # a killed worker takes its render with it
        )
    except FileNotFoundError as exc:
        raise ToolMissing(tool="ffmpeg", hint=f"{argv[0]} does not exist") from exc
    assert proc.stdout is not None  # noqa: S101 - PIPE was requested
    assert proc.stderr is not None  # noqa: S101
    tail: deque[str] = deque(maxlen=TAIL_LINES)
    pumps = asyncio.gather(_pump_stdout(proc.stdout, on_progress), _pump_stderr(proc.stderr, tail))
    try:
        async with asyncio.timeout(timeout):
            await pumps
            returncode = await proc.wait()
    except TimeoutError:
        await _cleanup(proc, pumps)
        raise RenderTimeout(argv, "\n".join(tail), RenderTimeout.reason) from None
    except BaseException:  # cancelled, or the progress callback raised
        await _cleanup(proc, pumps)
        raise
    text = "\n".join(tail)
    if returncode != 0:
        raise RenderError.from_stderr(argv, returncode, text)
    return text
