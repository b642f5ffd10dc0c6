"""Render a 30 s and a 60 s Short end to end and print one JSON line each.

Keys: video_s, scenes, stages (seconds per stage), render_s, total_s, realtime_factor
(render_s / video_s), floor_s (re-encoding the finished Short's frames with the same x264
settings, video only, to a null muxer: what the encoder alone costs), baseline_floor_s (the
same with the settings used before profiles, veryfast CRF 21: `x264.BASELINE`), peak_rss_mb
(the whole process tree, ffmpeg included, over all stages: summed RSS, so pages forked
drawing workers share with the job process count twice), peak_pss_mb (the same tree by PSS:
shared pages counted once), render_peak_rss_mb (the tree while the render stage runs;
`render_` python, children and PSS peaks too) and size_mb.

`--stores local s3` makes each Short on both backends. On S3 (SeaweedFS from its wheel on
loopback, started as the tests start it) the worker works in a scratch folder of its own and
the preview is then fetched into another (the bot's), as in production; the line adds the
wall time spent in the store (calls overlap: each counts while any of its kind runs):
upload_s (the stages' artifacts and the inputs), download_s (the preview's files), meta_s
(HEAD, LIST, DELETE), store_s (while any call runs: the overhead per Short), store_calls and
store_ratio (store_s / render_s). Local runs come first, before the S3
client is loaded; the server's own memory is left out of the peaks.

`--repeat N` makes each length N times, one line each, then a line of medians (`median_of`:
the runs; ratios are the medians of each run's own ratio, since its floors are measured
right after its render) and the highest peaks: on a shared host one run can be 20 % slower.

`--segments` adds `segments`: the same Short re-rendered in one process and in two parallel
segments pinned to 1 and to 2 cores, and the seam check (`bench/segments.py`).

Run: `python -m bench.render [--durations 30 60] [--lang ru] [--stores local s3] [--segments]
[--repeat N]`.
"""

import argparse
import asyncio
import json
import statistics
import subprocess
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from uuid import uuid4

from pydantic import SecretStr
from sqlalchemy import select

from bench.rss import PeakRss
from bench.segments import compare_paths
from bench.timed_store import StoreTimes, TimedStore
from core.enums import ArtifactKind, ProjectStatus, StageName
from core.ports import SilentNotifier, StageProgress
from core.settings import DbSettings, S3Settings, Settings, StorageSettings
from db.models import StageRun
from db.queries import artifacts, projects, scripts, users
from jobs.runtime import job_context
from pipeline.ffmpeg.encoders import x264_args
from pipeline.ffmpeg.mp4 import mp4_duration
from pipeline.ffmpeg.spec import EncodeSpec
from pipeline.ffmpeg.x264 import BASELINE
from pipeline.produce import produce_short
from pipeline.stages.render import build_spec
from services.projects import ProjectRequest, create_project
from storage.disk import Storage
from storage.sync import pull_keys

# The files the bot sends with the preview (the video, and the thumbnail and captions).
PREVIEW = {ArtifactKind.VIDEO, ArtifactKind.THUMBNAIL, ArtifactKind.CAPTIONS_SRT}
TOPICS = {"ru": "Как научиться вставать рано", "en": "How to learn to wake up early"}


class PhaseNotifier(SilentNotifier):
    """Tells the RSS sampler which stage is running (every stage reports 0 when it starts)."""

    def __init__(self, rss: PeakRss) -> None:
        self.rss = rss

    async def progress(self, update: StageProgress) -> None:
        self.rss.phase = update.stage.value


def floor_seconds(ffmpeg: str, video: Path, enc: EncodeSpec) -> float:
    """Time to re-encode the finished frames with `enc`'s x264 settings."""
    argv = [
        ffmpeg, "-hide_banner", "-nostdin", "-loglevel", "error", "-i", str(video), "-an",
        *x264_args(enc),
        "-pix_fmt", "yuv420p", "-f", "null", "-",
    ]  # fmt: skip
    started = time.perf_counter()
    subprocess.run(argv, check=True)
    return time.perf_counter() - started


@asynccontextmanager
async def timed_storage(
    root: Path, s3: S3Settings | None, times: StoreTimes
) -> AsyncIterator[Storage]:
    """The local store's root, or a folder of its own mirrored to S3 (under a prefix of its
    own, emptied afterwards) through a timed store."""
    await asyncio.to_thread(root.mkdir, parents=True, exist_ok=True)
    root = await asyncio.to_thread(root.resolve)
    if s3 is None:
        yield Storage(root)
        return
    # Imported here: a local run never loads the S3 client (~10 MB RSS in the figures).
    from storage.s3 import S3Store  # noqa: PLC0415

    store = TimedStore(S3Store(s3), times)
    try:
        yield Storage(root, store)
    finally:
        await store.store.delete_prefix("users/")
        await store.close()


async def measure(
    duration: float,
    language: str,
    workdir: Path,
    s3: S3Settings | None = None,
    *,
    segments: bool = False,
) -> dict[str, Any]:
    """Produce one Short from scratch and collect its figures (on S3 with `s3`)."""
    settings = Settings(
        db=DbSettings(url=SecretStr(f"sqlite+aiosqlite:///{workdir / 'bench.db'}")),
        storage=StorageSettings(root=workdir / "storage"),
    )
    # The S3 server on loopback stands in for a remote service: not part of the job's memory.
    rss, times = PeakRss(ignore=frozenset({"weed"})), StoreTimes()
    if s3 is not None:  # each Short under a prefix of its own: no object of an earlier one
        s3 = s3.model_copy(update={"prefix": f"{s3.prefix}/{uuid4().hex[:12]}"})
    # On local disk the bot reads the worker's folder, the store; on S3 each has its own.
    bot_root = workdir / ("bot" if s3 else "storage")
    async with (
        timed_storage(workdir / ("worker" if s3 else "storage"), s3, times) as worker,
        timed_storage(bot_root, s3, times) as bot,
        job_context(settings, PhaseNotifier(rss), storage=worker) as ctx,
    ):
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
            found = await artifacts.list_artifacts_for_job(session, project_id)
        if video is None or script is None:
            raise RuntimeError("the bench Short did not render")
        # What the bot sends as the preview, read from the store (nothing moves on local disk).
        await pull_keys(bot, [a.path for a in found if a.kind in PREVIEW and a.index == 0])
        path = bot.resolve(video.path)
        compared: dict[str, Any] = {}
        if segments:
            async with ctx["sessionmaker"]() as session:
                made = await projects.get_project_for_job(session, project_id)
                if made is None:
                    raise RuntimeError("the bench Short's project is gone")
                spec = await build_spec(ctx, session, made)
            compared = await compare_paths(spec, ctx["ffmpeg"], workdir)
        stages = {run.stage.value: round(run.seconds or 0.0, 2) for run in runs}
        video_s = mp4_duration(path)
        render_s = stages["render"]
        enc = EncodeSpec.from_settings(settings.render)
        baseline = enc.with_x264(BASELINE)
        return {
            "target_s": duration,
            "profile": settings.render.profile,
            "video_s": round(video_s, 2),
            "scenes": len(script.scenes),
            "stages": stages,
            "render_s": render_s,
            "total_s": round(total_s, 2),
            "realtime_factor": round(render_s / video_s, 3),
            "floor_s": round(floor_seconds(ctx["ffmpeg"], path, enc), 2),
            "baseline_floor_s": round(floor_seconds(ctx["ffmpeg"], path, baseline), 2),
            **rss.total.as_mb(),
            **{f"render_{k}": v for k, v in rss.phases[StageName.RENDER.value].as_mb().items()},
            "size_mb": round(path.stat().st_size / 2**20, 2),
            "store": "s3" if s3 else "local",
            **times.as_dict(),
            "store_ratio": round(times.total_s / render_s, 3),
            **({"segments": compared} if segments else {}),
        }


MEDIAN_KEYS = (
    "render_s", "total_s", "floor_s", "baseline_floor_s", "ratio_to_floor",
    "ratio_to_baseline_floor", "total_to_render", "size_mb",
)  # fmt: skip


def medians(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The runs' medians, and their highest peaks."""
    peaks = [k for k in runs[0] if k.endswith("rss_mb") or k.endswith("pss_mb")]
    return {
        "target_s": runs[0]["target_s"],
        "profile": runs[0]["profile"],
        "median_of": len(runs),
        **{k: round(statistics.median(r[k] for r in runs), 3) for k in MEDIAN_KEYS},
        "stages": {
            stage: round(statistics.median(r["stages"][stage] for r in runs), 2)
            for stage in runs[0]["stages"]
        },
        **{f"max_{k}": max(r[k] for r in runs) for k in peaks},
    }


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--durations", type=float, nargs="+", default=[30.0, 60.0])
    parser.add_argument("--lang", default="ru", choices=sorted(TOPICS))
    parser.add_argument("--stores", nargs="+", default=["local", "s3"], choices=["local", "s3"])
    parser.add_argument(
        "--segments", action="store_true", help="also compare the parallel segment path"
    )
    parser.add_argument("--repeat", type=int, default=1, help="Shorts per length (medians)")
    args = parser.parse_args()
    s3, stop = None, None
    try:
        for store in sorted(set(args.stores)):  # local first: before the S3 client is loaded
            if store == "s3":
                from bench.storage import embedded_s3  # noqa: PLC0415  (loads the S3 client)

                s3, stop = embedded_s3()
            for duration in args.durations:
                runs = []
                for _ in range(args.repeat):
                    with tempfile.TemporaryDirectory(prefix="bench-render-") as tmp:
                        figures = await measure(
                            duration, args.lang, Path(tmp), s3, segments=args.segments
                        )
                    figures["ratio_to_floor"] = round(figures["render_s"] / figures["floor_s"], 3)
                    figures["ratio_to_baseline_floor"] = round(
                        figures["render_s"] / figures["baseline_floor_s"], 3
                    )
                    figures["total_to_render"] = round(figures["total_s"] / figures["render_s"], 3)
                    runs.append(figures)
                    print(json.dumps(figures, ensure_ascii=False), flush=True)
                if len(runs) > 1:
                    print(json.dumps(medians(runs)), flush=True)
    finally:
        if stop is not None:
            stop()


if __name__ == "__main__":
    asyncio.run(main())
