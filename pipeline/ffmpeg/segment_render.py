"""Render a Short as parallel segments, then join them by stream copy.

Every segment is its own ffmpeg process (one graph, video only) and they all run at once;
x264's threads are shared out among them, and the audio encode takes the first slot a
segment frees, so no more than `count` processes ever run. Memory is the segment
processes' together: measured in `bench/render.py` (`--segments`). The join only copies
packets, so it costs a fraction of a second whatever the Short's length.
"""

import asyncio
import inspect
from pathlib import Path

from pipeline.ffmpeg.progress import RenderProgress
from pipeline.ffmpeg.runner import ProgressCallback, run_ffmpeg
from pipeline.ffmpeg.segment_argv import (
    audio_argv,
    join_argv,
    join_list,
    segment_argv,
    segment_files,
)
from pipeline.ffmpeg.segments import Parallelism, plan_segments
from pipeline.ffmpeg.spec import RenderSpec
from pipeline.ffmpeg.timeline import build_timeline
from pipeline.ffmpeg.workfiles import work_files
from storage.disk import temp_path


class _Progress:
    """The segments' progress summed into one report on the whole Short."""

    def __init__(self, on_progress: ProgressCallback | None) -> None:
        self.on_progress = on_progress
        self.latest: dict[int, RenderProgress] = {}

    def of_segment(self, index: int) -> ProgressCallback:
        async def report(progress: RenderProgress) -> None:
            self.latest[index] = progress
            await self.send(done=False)

        return report

    async def send(self, *, done: bool) -> None:
        if self.on_progress is None:
            return
        parts = self.latest.values()
        total = RenderProgress(
            frame=sum(p.frame for p in parts),
            out_time_s=sum(p.out_time_s for p in parts),
            speed=None,
            done=done,
        )
        result = self.on_progress(total)
        if inspect.isawaitable(result):
            await result


async def render_segments(
    spec: RenderSpec,
    out: Path,
    *,
    ffmpeg: str,
    workdir: Path,
    timeout: float,  # noqa: ASYNC109 - per ffmpeg run, enforced by run_ffmpeg
    parallel: Parallelism,
    on_progress: ProgressCallback | None = None,
) -> None:
    """Render `spec` (its loudness measured) to `out` in `parallel.segments` at once.

    Raises:
        RenderError: a subclass from `pipeline.ffmpeg.errors`, from the first run that failed
            (the others are stopped).
    """
    tl = build_timeline(spec)
    count, threads = parallel.segments, parallel.threads
    plan = plan_segments(tl, count)
    files: dict[Path, str] = {}
    runs, parts = [], []
    for seg in plan:
        script = temp_path(workdir / f"segment{seg.index}.graph")
        video = script.with_suffix(".mp4")
        files |= segment_files(spec, seg, script)
        parts.append((video, seg))
        runs.append(segment_argv(spec, seg, video, ffmpeg, script, threads=threads))
    audio, joined = temp_path(workdir / "audio.m4a"), temp_path(workdir / "segments.ffconcat")
    files[joined] = join_list(parts, tl.fps)
    progress = _Progress(on_progress)
    # `count` processes at most: the audio encode waits for the first segment to finish.
    slots = asyncio.Semaphore(count)

    async def run(argv: list[str], report: ProgressCallback | None = None) -> None:
        async with slots:
            await run_ffmpeg(argv, timeout=timeout, on_progress=report)

    async with work_files(files, [audio, *(video for video, _ in parts)]):
        try:
            async with asyncio.TaskGroup() as group:
                for argv, seg in zip(runs, plan, strict=True):
                    group.create_task(run(argv, progress.of_segment(seg.index)))
                group.create_task(run(audio_argv(spec, audio, ffmpeg)))
        except ExceptionGroup as failed:
            # The first failure says what went wrong; the others were stopped because of it.
            raise failed.exceptions[0] from None
        await run_ffmpeg(join_argv(spec, joined, audio, out, ffmpeg), timeout=timeout)
    await progress.send(done=True)
