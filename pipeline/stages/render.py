"""Stage 5, render: ffmpeg turns stills, voice, captions and music into the MP4 (one process,
or parallel segments joined by stream copy: `RENDER__SEGMENTS`)."""

from pathlib import Path
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession

from core.enums import ArtifactKind, StageName, UsageUnit
from core.errors import NotFound
from core.settings import Settings
from db.models import Artifact, Project
from db.queries import artifacts, scripts, usage
from pipeline.art.crop import SCENE_MOVES
from pipeline.context import JobCtx
from pipeline.ffmpeg.encoder_probe import choose_encoder
from pipeline.ffmpeg.mp4 import mp4_duration
from pipeline.ffmpeg.progress import RenderProgress
from pipeline.ffmpeg.render import render_short
from pipeline.ffmpeg.segments import Parallelism, choose_parallelism, usable_cores
from pipeline.ffmpeg.spec import (
    AudioSpec,
    BrandingSpec,
    EncodeSpec,
    Motion,
    RenderSpec,
    SceneSpec,
    WatermarkSpec,
)
from pipeline.ffmpeg.timeline import build_timeline
from pipeline.stage_runner import ArtifactOut, Report
from pipeline.subtitles.fonts import font_for, fonts_dir
from storage.disk import Storage, temp_path

# The moves the stills were laid out for (`pipeline.art.crop`): text stays in frame.
MOTIONS = tuple(Motion(move) for move in SCENE_MOVES)


def _one(items: list[Artifact], kind: ArtifactKind) -> Artifact:
    found = [a for a in items if a.kind is kind]
    if not found:
        raise NotFound(what=kind.value.replace("_", " "))
    return found[0]


def _optional(
    storage: Storage, project: Project, name: Literal["music", "logo", "intro", "outro"]
) -> Path | None:
    relpath = project.options.media(name)
    return storage.resolve(relpath) if relpath else None


async def build_spec(ctx: JobCtx, session: AsyncSession, project: Project) -> RenderSpec:
    """Everything the render needs, from the project's artifacts and options."""
    script = await scripts.get_script_for_job(session, project.id)
    if script is None:
        raise NotFound(what="script")
    items = list(await artifacts.list_artifacts_for_job(session, project.id))
    storage, render = ctx["storage"], ctx["settings"].render
    images = {
        a.index: storage.resolve(a.path) for a in items if a.kind is ArtifactKind.SCENE_IMAGE
    }
    scenes = tuple(
        SceneSpec(
            image=images[i],
            duration=float(scene["end"]) - float(scene["start"]),
            motion=MOTIONS[i % len(MOTIONS)],
        )
        for i, scene in enumerate(script.scenes)
    )
    branding = BrandingSpec(
        logo=_optional(storage, project, "logo"),
        intro=_optional(storage, project, "intro"),
        outro=_optional(storage, project, "outro"),
    )
    body_s = float(script.scenes[-1]["end"])
    cards_s = (branding.intro_s if branding.intro else 0.0) + (
        branding.outro_s if branding.outro else 0.0
    )
    mark = render.watermark_text
    return RenderSpec(
        scenes=scenes,
        audio=AudioSpec(
            voice=storage.resolve(_one(items, ArtifactKind.VOICE_WAV).path),
            music=_optional(storage, project, "music"),
            music_volume=render.music_volume,
            seed=project.id,
        ),
        captions=storage.resolve(_one(items, ArtifactKind.CAPTIONS_ASS).path),
        fonts_dir=fonts_dir(),
        duration=body_s + cards_s,
        branding=branding,
        encode=EncodeSpec.from_settings(render),
        watermark=WatermarkSpec(mark, font_for(mark)) if project.options.watermark else None,
        encoder=await choose_encoder(ctx["ffmpeg"], render),
    )


def parallelism(settings: Settings, spec: RenderSpec) -> Parallelism:
    """Segments for this render: its share of the cores (the render queue runs
    `JOBS__RENDER_CONCURRENCY` renders at once) against what one encode uses."""
    cores = max(1, usable_cores() // settings.jobs.render_concurrency)
    return choose_parallelism(
        settings.render.segments, cores, build_timeline(spec), spec.encode.threads
    )


async def run(
    ctx: JobCtx, session: AsyncSession, project: Project, report: Report
) -> list[ArtifactOut]:
    """Measure loudness, then render the Short (in parallel segments if set and possible)."""
    spec = await build_spec(ctx, session, project)
    workdir = ctx["storage"].resolve(project.workdir)
    final = workdir / "video.mp4"
    tmp = temp_path(final)

    async def on_progress(progress: RenderProgress) -> None:
        await report(progress.fraction(spec.duration))

    try:
        await render_short(
            spec,
            tmp,
            ffmpeg=ctx["ffmpeg"],
            workdir=workdir,
            timeout=ctx["settings"].render.timeout_s,
            on_progress=on_progress,
            parallel=parallelism(ctx["settings"], spec),
        )
        stored = ctx["storage"].commit_file(tmp, final)
    finally:
        tmp.unlink(missing_ok=True)  # a failed or stopped render's partial file
    duration = mp4_duration(final)
    await usage.add_usage(
        session,
        project.user_id,
        provider="ffmpeg",
        unit=UsageUnit.RENDER_SECONDS,
        quantity=round(duration, 3),
        project_id=project.id,
        stage=StageName.RENDER,
    )
    return [ArtifactOut(ArtifactKind.VIDEO, stored, duration=duration)]
