"""The encode bench's corpus: Shorts made offline through the real pipeline, each rendered
once more as a lossless reference (the filtergraph's own frames, x264 `-qp 0`), and a window
of each cut losslessly for the grid. Kept in a folder between runs.
"""

import asyncio
import importlib.util
import json
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pydantic import SecretStr

from core.enums import ProjectStatus
from core.ports import SilentNotifier
from core.settings import DbSettings, Settings, StorageSettings
from db.queries import projects, users
from jobs.runtime import job_context
from pipeline.ffmpeg.argv import render_argv, render_files
from pipeline.ffmpeg.encoders import x264_args
from pipeline.ffmpeg.runner import run_ffmpeg
from pipeline.produce import produce_short
from pipeline.stages.render import build_spec
from services.projects import ProjectRequest, create_project

# Lossless: x264 picks the High 4:4:4 Predictive profile for -qp 0 (4:2:0 kept as it is).
LOSSLESS = ["-c:v", "libx264", "-threads:v", "2", "-preset", "ultrafast", "-qp", "0"]


@dataclass(frozen=True, slots=True)
class Clip:
    """One Short of the corpus: a style, a length and what its scenes show."""

    name: str
    style: str
    duration: float
    scenes: str  # "art" (procedural), "photos" (the user's photos), "character" (a cut-out)
    topic: str


CLIPS = (
    Clip("art15", "vivid", 15.0, "art", "Why octopuses are smart"),
    Clip("photos30", "warm", 30.0, "photos", "A weekend in the mountains"),
    Clip("character60", "neon", 60.0, "character", "How to learn to wake up early"),
)


def wheel_photos() -> list[Path]:
    """Real photographs shipped in installed wheels (people, a city, a flower)."""
    found = [
        ("matplotlib", "mpl-data/sample_data/grace_hopper.jpg"),
        ("sklearn", "datasets/images/china.jpg"),
        ("mahotas", "demos/data/DepartmentStore.jpg"),
        ("sklearn", "datasets/images/flower.jpg"),
    ]
    paths = []
    for package, relpath in found:
        spec = importlib.util.find_spec(package)
        for folder in list(spec.submodule_search_locations or []) if spec else []:
            if (Path(folder) / relpath).is_file():
                paths.append(Path(folder) / relpath)
    if not paths:
        raise RuntimeError("no wheel ships a photo (matplotlib, sklearn, mahotas)")
    return paths


def swap_codec(argv: list[str], old: list[str], new: list[str]) -> list[str]:
    """`argv` with the contiguous options `old` replaced by `new`."""
    for i in range(len(argv) - len(old) + 1):
        if argv[i : i + len(old)] == old:
            return [*argv[:i], *new, *argv[i + len(old) :]]
    raise ValueError("the render's argv has no such options")


async def make_reference(clip: Clip, out: Path, workdir: Path) -> dict[str, object]:
    """Produce `clip` offline, then render its graph losslessly to `out`."""
    settings = Settings(
        db=DbSettings(url=SecretStr(f"sqlite+aiosqlite:///{workdir / 'bench.db'}")),
        storage=StorageSettings(root=workdir / "storage"),
    )
    photos = wheel_photos() if clip.scenes != "art" else []
    if clip.scenes == "character":
        photos = photos[:1]  # one person's photo
    async with job_context(settings, SilentNotifier()) as ctx:
        async with ctx["sessionmaker"]() as session:
            user = await users.get_or_create_local_user(session, "en")
            request = ProjectRequest(
                topic=clip.topic,
                language="en",
                duration=clip.duration,
                style=clip.style,
                photos=tuple(photos),
                character_id=1 if clip.scenes == "character" else None,
            )
            project = await create_project(session, ctx["storage"], user.id, request)
            projects.set_project_state(project, ProjectStatus.QUEUED, stage=None)
            await session.commit()
            project_id = project.id
        await produce_short(ctx, project_id)
        async with ctx["sessionmaker"]() as session:
            found = await projects.get_project_for_job(session, project_id)
            if found is None:
                raise RuntimeError("the bench Short's project is gone")
            spec = await build_spec(ctx, session, found)
        script = workdir / "reference.graph"
        for path, text in render_files(spec, script).items():
            path.write_text(text, encoding="utf-8")
        argv = render_argv(spec, out, ctx["ffmpeg"], script)
        await run_ffmpeg(swap_codec(argv, x264_args(spec.encode), LOSSLESS), timeout=3600)
    return {"style": clip.style, "scenes": clip.scenes, "duration": clip.duration}


def cut_window(ffmpeg: str, reference: Path, out: Path, start: int, frames: int) -> None:
    """Frames [start, start + frames) of `reference`, still lossless."""
    argv = [
        ffmpeg, "-hide_banner", "-nostdin", "-loglevel", "error", "-y", "-i", str(reference),
        "-an", "-vf", f"trim=start_frame={start}:end_frame={start + frames},setpts=PTS-STARTPTS",
        *LOSSLESS, str(out),
    ]  # fmt: skip
    subprocess.run(argv, check=True)


def ensure_corpus(
    folder: Path, ffmpeg: str, window_s: float, fps: int = 30
) -> list[tuple[Clip, Path, Path]]:
    """(clip, full reference, window reference) for every clip, made when missing."""
    folder.mkdir(parents=True, exist_ok=True)
    corpus = []
    for clip in CLIPS:
        full = folder / f"{clip.name}.mp4"
        if not full.is_file():
            with tempfile.TemporaryDirectory(prefix="bench-encode-") as tmp:
                part = Path(tmp) / full.name
                meta = asyncio.run(make_reference(clip, part, Path(tmp)))
                shutil.move(part, full)
            (folder / f"{clip.name}.json").write_text(json.dumps(meta), encoding="utf-8")
        frames = round(window_s * fps)
        window = folder / f"{clip.name}.w{frames}.mp4"
        if not window.is_file():
            # The middle of the Short: scenes, their slide-ins and captions, no title fade.
            start = max(0, round(clip.duration * fps / 2) - frames // 2)
            cut_window(ffmpeg, full, window, start, frames)
        corpus.append((clip, full, window))
    return corpus
