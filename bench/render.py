"""Render a 30 s and a 60 s Short end to end and print one JSON line each.

Keys: video_s, scenes, stages (seconds per stage), render_s, total_s, realtime_factor
(render_s / video_s), floor_s (re-encoding the finished Short's frames with the same x264
settings, video only, to a null muxer: what the encoder alone costs), peak_rss_mb (the whole
process tree, ffmpeg included, over all stages: summed RSS, so pages forked drawing workers
share with the job process count twice), peak_pss_mb (the same tree by PSS: shared pages
counted once), render_peak_rss_mb (the tree while the render stage runs; `render_` python,
children and PSS peaks too) and size_mb.

Run: `python -m bench.render [--durations 30 60] [--lang ru]`.
"""

import argparse
import asyncio
import json
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from pydantic import SecretStr
from sqlalchemy import select

from bench.rss import PeakRss
from core.enums import ArtifactKind, ProjectStatus, StageName
from core.ports import SilentNotifier, StageProgress
from core.settings import DbSettings, Settings, StorageSettings
from db.models import StageRun
from db.queries import artifacts, projects, scripts, users
from jobs.runtime import job_context
from pipeline.ffmpeg.argv import X264_MEMORY
from pipeline.ffmpeg.mp4 import mp4_duration
from pipeline.produce import produce_short
from services.projects import ProjectRequest, create_project

TOPICS = {"ru": "Как научиться вставать рано", "en": "How to learn to wake up early"}


class PhaseNotifier(SilentNotifier):
    """Tells the RSS sampler which stage is running (every stage reports 0 when it starts)."""

    def __init__(self, rss: PeakRss) -> None:
        self.rss = rss

    async def progress(self, update: StageProgress) -> None:
        self.rss.phase = update.stage.value


def floor_seconds(ffmpeg: str, video: Path, settings: Settings) -> float:
    """Time to re-encode the finished frames with the render's x264 settings."""
    render = settings.render
    argv = [
        ffmpeg, "-hide_banner", "-nostdin", "-loglevel", "error", "-i", str(video), "-an",
        "-c:v", "libx264", "-threads:v", "2", "-preset", render.preset, "-crf", str(render.crf),
        *X264_MEMORY,
        "-profile:v", "high", "-pix_fmt", "yuv420p", "-f", "null", "-",
    ]  # fmt: skip
    started = time.perf_counter()
    subprocess.run(argv, check=True)
    return time.perf_counter() - started


async def measure(duration: float, language: str, workdir: Path) -> dict[str, Any]:
    """Produce one Short from scratch and collect its figures."""
    settings = Settings(
        db=DbSettings(url=SecretStr(f"sqlite+aiosqlite:///{workdir / 'bench.db'}")),
        storage=StorageSettings(root=workdir / "storage"),
    )
    rss = PeakRss()
    async with job_context(settings, PhaseNotifier(rss)) as ctx:
        async with ctx["sessionmaker"]() as session:
            user = await users.get_or_create_local_user(session, language)
            request = ProjectRequest(topic=TOPICS[language], language=language, duration=duration)
            project = await create_project(session, ctx["storage"], user.id, request)
            projects.set_project_state(project, ProjectStatus.QUEUED, stage=None)
            await session.commit()
            project_id = project.id
        started = time.perf_counter()
        with rss:
            await produce_short(ctx, project_id)
        total_s = time.perf_counter() - started
        async with ctx["sessionmaker"]() as session:
            runs = await session.scalars(select(StageRun).where(StageRun.project_id == project_id))
            script = await scripts.get_script_for_job(session, project_id)
            video = await artifacts.get_artifact_for_job(session, project_id, ArtifactKind.VIDEO)
        if video is None or script is None:
            raise RuntimeError("the bench Short did not render")
        path = ctx["storage"].resolve(video.path)
        stages = {run.stage.value: round(run.seconds or 0.0, 2) for run in runs}
        video_s = mp4_duration(path)
        render_s = stages["render"]
        return {
            "target_s": duration,
            "video_s": round(video_s, 2),
            "scenes": len(script.scenes),
            "stages": stages,
            "render_s": render_s,
            "total_s": round(total_s, 2),
            "realtime_factor": round(render_s / video_s, 3),
            "floor_s": round(floor_seconds(ctx["ffmpeg"], path, settings), 2),
            **rss.total.as_mb(),
            **{f"render_{k}": v for k, v in rss.phases[StageName.RENDER.value].as_mb().items()},
            "size_mb": round(path.stat().st_size / 2**20, 2),
        }


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--durations", type=float, nargs="+", default=[30.0, 60.0])
    parser.add_argument("--lang", default="ru", choices=sorted(TOPICS))
    args = parser.parse_args()
    for duration in args.durations:
        with tempfile.TemporaryDirectory(prefix="bench-render-") as tmp:
            figures = await measure(duration, args.lang, Path(tmp))
        figures["ratio_to_floor"] = round(figures["render_s"] / figures["floor_s"], 3)
        print(json.dumps(figures, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    asyncio.run(main())
