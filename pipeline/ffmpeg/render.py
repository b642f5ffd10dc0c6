"""Render a Short: measure loudness (audio-only pass), write the graph files, render.

The render is one ffmpeg process, or parallel segments (`segment_render.py`) when the
render may use more cores than one encode does (`segments.choose_parallelism`).

A hardware encoder passed a one-frame test when the process started (`encoder_probe.py`),
but it can still fail a render: NVENC's per-GPU session limit when several renders run at
once, a GPU out of memory, a driver reset. Such a render is done again with libx264 (a
warning says why), so the Short is late by the failed attempt, never lost. Only a timeout
is not retried: a second run could take as long again.
"""

import dataclasses
from pathlib import Path

import structlog

from pipeline.ffmpeg.argv import measure_loudness_argv, render_argv, render_files
from pipeline.ffmpeg.audio import corrected, needs_limiter
from pipeline.ffmpeg.encoder_probe import encoder_message
from pipeline.ffmpeg.errors import RenderError, RenderTimeout
from pipeline.ffmpeg.loudness import parse_ebur128
from pipeline.ffmpeg.runner import ProgressCallback, run_ffmpeg
from pipeline.ffmpeg.segment_render import render_segments
from pipeline.ffmpeg.segments import Parallelism
from pipeline.ffmpeg.spec import RenderSpec, VideoEncoder
from pipeline.ffmpeg.workfiles import work_files
from storage.disk import temp_path

log = structlog.get_logger(__name__)


async def with_loudness(
    spec: RenderSpec,
    ffmpeg: str,
    timeout: float,  # noqa: ASYNC109 - passed to run_ffmpeg
) -> RenderSpec:
    """`spec` with its loudness measurement filled in (a no-op if it has one)."""
    if spec.loudness is not None:
        return spec
    tail = await run_ffmpeg(measure_loudness_argv(spec, ffmpeg), timeout=timeout)
    spec = dataclasses.replace(spec, loudness=parse_ebur128(tail))
    if needs_limiter(spec):
        # The limiter lowers loudness a little: measure that once and make up for it.
        argv = measure_loudness_argv(spec, ffmpeg, verify=True)
        verified = parse_ebur128(await run_ffmpeg(argv, timeout=timeout))
        spec = dataclasses.replace(spec, loudness=corrected(spec, verified))
    return spec


async def render_short(
    spec: RenderSpec,
    out: Path,
    *,
    ffmpeg: str,
    workdir: Path,
    timeout: float,  # noqa: ASYNC109 - per ffmpeg run, enforced by run_ffmpeg
    on_progress: ProgressCallback | None = None,
    parallel: Parallelism | None = None,
) -> RenderSpec:
    """Render `spec` to `out`; returns the spec with its loudness measurement filled in.

    `parallel`: segments rendered at once (`segments.choose_parallelism`); one process if
    None or one segment.

    Raises:
        RenderError: a subclass from `pipeline.ffmpeg.errors`.
    """
    spec = await with_loudness(spec, ffmpeg, timeout)
    run = _Render(ffmpeg=ffmpeg, workdir=workdir, timeout=timeout, on_progress=on_progress)
    try:
        await run(spec, out, parallel)
    except RenderTimeout:
        raise
    except RenderError as error:
        if spec.encoder.name == "libx264":
            raise
        log.warning(
            "render.encoder.fallback",
            encoder=spec.encoder.name,
            reason=encoder_message(error.stderr_tail, spec.encoder.name),
            fallback="libx264",
        )
        spec = dataclasses.replace(
            spec, encoder=VideoEncoder("libx264", spec.encoder.vaapi_device)
        )
        await run(spec, out, parallel)
    return spec


@dataclasses.dataclass(frozen=True, slots=True)
class _Render:
    ffmpeg: str
    workdir: Path
    timeout: float
    on_progress: ProgressCallback | None

    async def __call__(self, spec: RenderSpec, out: Path, parallel: Parallelism | None) -> None:
        ffmpeg, workdir, timeout = self.ffmpeg, self.workdir, self.timeout
        if parallel is not None and parallel.segments > 1:
            log.info("render.segments", segments=parallel.segments, threads=parallel.threads)
            await render_segments(
                spec, out, ffmpeg=ffmpeg, workdir=workdir, timeout=timeout, parallel=parallel,
                on_progress=self.on_progress,
            )  # fmt: skip
            return
        script = temp_path(workdir / "render.graph")  # its own, should two renders overlap
        async with work_files(render_files(spec, script)):
            argv = render_argv(spec, out, ffmpeg, script)
            await run_ffmpeg(argv, timeout=timeout, on_progress=self.on_progress)
