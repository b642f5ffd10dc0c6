"""The same Short rendered in one process and in two parallel segments, pinned to 1 and to
2 cores, and the seams checked against the one-process render.

Each run's figures: wall_s, cpu_s (the ffmpeg processes' user + system time: on a shared
machine the fairer figure), children_peak_rss_mb / children_peak_pss_mb (the ffmpeg tree).
The loudness is measured once before the runs, so they time the render alone. The seam
check decodes both outputs side by side: frames (each), duplicated (a frame equal to the
one before it where the one-process render's differ), min_seam_psnr_db (luma PSNR of the
frames either side of each seam against the one-process render's same frames) and
av_offset_s (the video stream's length against the audio's).
"""

import asyncio
import math
import os
import resource
import time
from pathlib import Path
from typing import Any

import av
import numpy as np

from bench.rss import MB, PeakRss
from pipeline.ffmpeg.render import render_short, with_loudness
from pipeline.ffmpeg.segments import Parallelism, plan_segments
from pipeline.ffmpeg.spec import RenderSpec
from pipeline.ffmpeg.timeline import build_timeline

SAME = 99.0  # the PSNR given to identical pictures
RUNS = (
    ("one_process", Parallelism(1, 2), None),
    ("segments_1_core", Parallelism(2, 1), {0}),
    ("segments_2_cores", Parallelism(2, 1), {0, 1}),
)


async def _timed(
    spec: RenderSpec, out: Path, ffmpeg: str, parallel: Parallelism, cpus: set[int] | None
) -> dict[str, float]:
    every = os.sched_getaffinity(0)
    os.sched_setaffinity(0, cpus or every)  # the ffmpeg processes inherit it
    before, started = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
    try:
        with PeakRss() as rss:
            await render_short(
                spec, out, ffmpeg=ffmpeg, workdir=out.parent, timeout=900, parallel=parallel
            )
    finally:
        os.sched_setaffinity(0, every)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return {
        "wall_s": round(time.perf_counter() - started, 2),
        "cpu_s": round(cpu, 2),
        "children_peak_rss_mb": rss.children_peak_mb,
        "tree_peak_pss_mb": round(rss.total.tree_pss / MB, 1),
    }


def _psnr(a: np.ndarray, b: np.ndarray) -> float:
    mse = float(((a - b) ** 2).mean())
    return SAME if mse == 0 else 10 * math.log10(255**2 / mse)


def seam_check(spec: RenderSpec, one: Path, split: Path, segments: int) -> dict[str, Any]:
    """Frames, duplicated frames and seam PSNR of `split` against `one`, and A/V offset."""
    seams = {s.start for s in plan_segments(build_timeline(spec), segments)[1:]}
    frames, duplicated = 0, []
    psnr: list[float] = []
    previous: tuple[np.ndarray, np.ndarray] | None = None
    with av.open(str(one)) as a, av.open(str(split)) as b:
        for x, y in zip(a.decode(video=0), b.decode(video=0), strict=True):
            fx = x.to_ndarray(format="gray").astype(np.float64)
            fy = y.to_ndarray(format="gray").astype(np.float64)
            repeated = previous is not None and _psnr(fy, previous[1]) == SAME
            if repeated and previous is not None and _psnr(fx, previous[0]) < SAME:
                duplicated.append(frames)
            if frames in seams or frames + 1 in seams:
                psnr.append(_psnr(fx, fy))
            previous, frames = (fx, fy), frames + 1
        lengths = [
            float((st.duration or 0) * (st.time_base or 0))
            for st in (b.streams.video[0], b.streams.audio[0])
        ]
        offset = abs(lengths[0] - lengths[1])
    return {
        "frames": frames,
        "timeline_frames": build_timeline(spec).total,
        "duplicated": len(duplicated),
        "duplicated_at": duplicated,
        "seams_at": sorted(seams),
        "min_seam_psnr_db": round(min(psnr), 2),
        "av_offset_s": round(offset, 4),
    }


async def compare_paths(spec: RenderSpec, ffmpeg: str, workdir: Path) -> dict[str, Any]:
    """Render `spec` each way of `RUNS` in `workdir`; figures per run and the seam check."""
    spec = await with_loudness(spec, ffmpeg, 900)
    figures: dict[str, Any] = {}
    outs = {}
    for name, parallel, cpus in RUNS:
        outs[name] = workdir / f"{name}.mp4"
        figures[name] = await _timed(spec, outs[name], ffmpeg, parallel, cpus)
    figures["seams"] = await asyncio.to_thread(
        seam_check, spec, outs["one_process"], outs["segments_2_cores"], 2
    )
    one, two = figures["segments_1_core"]["wall_s"], figures["segments_2_cores"]["wall_s"]
    figures["speedup_2_vs_1_core"] = round(one / two, 2)
    return figures
