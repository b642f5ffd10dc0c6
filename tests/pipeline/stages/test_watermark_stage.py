"""A project's watermark option reaches the frames: the render stage builds the mark from it."""

import dataclasses
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from sqlalchemy import select
from stage_support import queue_project

from core.enums import ArtifactKind
from db.models import Artifact, Project
from pipeline.context import JobCtx
from pipeline.ffmpeg import WatermarkSpec, render_short
from pipeline.produce import produce_short
from pipeline.stages.render import build_spec
from services.projects import ProjectRequest

pytestmark = [pytest.mark.render, pytest.mark.timeout(180)]
REGION = (slice(450, 505), slice(0, 230))  # the mark's corner on the fixture's 360x640 frames


def _frame(ffmpeg: str, video: Path, png: Path, n: int = 45) -> np.ndarray:
    subprocess.run(
        [ffmpeg, "-v", "error", "-i", str(video), "-vf", f"select=eq(n\\,{n})",
         "-fps_mode", "passthrough", "-frames:v", "1", str(png)],
        check=True,
    )  # fmt: skip
    return np.asarray(Image.open(png).convert("L"), dtype=float)


async def _set_watermark(ctx: JobCtx, project_id: int, flag: bool) -> Project:
    async with ctx["sessionmaker"]() as session:
        project = await session.get(Project, project_id)
        assert project is not None
        project.options = project.options.model_copy(update={"watermark": flag})
        await session.commit()
        return project


async def test_watermarked_project_renders_with_the_mark(job_ctx: JobCtx, tmp_path: Path) -> None:
    request = ProjectRequest(topic="How to learn to wake up early", language="en", duration=10)
    project_id = await queue_project(job_ctx, request)
    await _set_watermark(job_ctx, project_id, True)

    await produce_short(job_ctx, project_id)

    async with job_ctx["sessionmaker"]() as session:
        project = await session.get(Project, project_id)
        assert project is not None
        spec = await build_spec(job_ctx, session, project)
        video = await session.scalar(
            select(Artifact.path).where(
                Artifact.project_id == project_id, Artifact.kind == ArtifactKind.VIDEO
            )
        )
    assert spec.watermark == WatermarkSpec("Shorts Factory", "Roboto Black")
    assert video is not None
    # The same Short without the mark, to compare a frame of each.
    clean = tmp_path / "clean.mp4"
    ffmpeg = job_ctx["ffmpeg"]
    unmarked = dataclasses.replace(spec, watermark=None)
    await render_short(unmarked, clean, ffmpeg=ffmpeg, workdir=tmp_path, timeout=120)
    marked = _frame(ffmpeg, job_ctx["storage"].resolve(video), tmp_path / "marked.png")
    diff = np.abs(marked - _frame(ffmpeg, clean, tmp_path / "clean.png"))
    outside = np.ones(diff.shape, bool)
    outside[REGION] = False
    # Measured 8.3 in the corner, 0.2 elsewhere (x264 at crf 21 re-encodes a little apart).
    assert diff[REGION].mean() > 4, diff[REGION].mean()
    assert diff[outside].mean() < 2, diff[outside].mean()

    await _set_watermark(job_ctx, project_id, False)
    async with job_ctx["sessionmaker"]() as session:
        project = await session.get(Project, project_id)
        assert project is not None
        assert (await build_spec(job_ctx, session, project)).watermark is None
