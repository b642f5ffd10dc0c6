"""Render a Short: measure loudness (audio-only pass), write the graph files, render."""

import asyncio
import dataclasses
from pathlib import Path

from pipeline.ffmpeg.argv import measure_loudness_argv, render_argv, render_files
from pipeline.ffmpeg.audio import corrected, needs_limiter
from pipeline.ffmpeg.loudness import parse_ebur128
from pipeline.ffmpeg.runner import ProgressCallback, run_ffmpeg
from pipeline.ffmpeg.spec import RenderSpec
from storage.disk import temp_path


async def render_short(
    spec: RenderSpec,
    out: Path,
    *,
    ffmpeg: str,
    workdir: Path,
    timeout: float,  # noqa: ASYNC109 - per ffmpeg run, enforced by run_ffmpeg
    on_progress: ProgressCallback | None = None,
) -> RenderSpec:
    """Render `spec` to `out`; returns the spec with its loudness measurement filled in.

    Raises:
        RenderError: a subclass from `pipeline.ffmpeg.errors`.
    """
    if spec.loudness is None:
        tail = await run_ffmpeg(measure_loudness_argv(spec, ffmpeg), timeout=timeout)
        spec = dataclasses.replace(spec, loudness=parse_ebur128(tail))
        if needs_limiter(spec):
            # The limiter lowers loudness a little: measure that once and make up for it.
            argv = measure_loudness_argv(spec, ffmpeg, verify=True)
            verified = parse_ebur128(await run_ffmpeg(argv, timeout=timeout))
            spec = dataclasses.replace(spec, loudness=corrected(spec, verified))
    script = temp_path(workdir / "render.graph")  # its own, should two renders overlap
    files = render_files(spec, script)
    try:
        await asyncio.to_thread(_write_files, files)
        await run_ffmpeg(
            render_argv(spec, out, ffmpeg, script), timeout=timeout, on_progress=on_progress
        )
    finally:
        for path in files:
            path.unlink(missing_ok=True)
    return spec


def _write_files(files: dict[Path, str]) -> None:
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
