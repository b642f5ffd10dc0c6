"""Stage 3, visuals: one still per scene (procedural art or the user's photos) + a thumbnail."""

import asyncio
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from core.enums import ArtifactKind, StageName, UsageUnit
from core.errors import NotFound
from core.project_options import ProjectOptions
from db.models import Project
from db.queries import scripts, usage
from pipeline.characters.variation_scenes import cast_scenes, project_variations
from pipeline.context import JobCtx
from pipeline.faces.scene import SceneCharacter, still_meta
from pipeline.faces.stage import character_scenes
from pipeline.ffmpeg.motion import canvas_size
from pipeline.imagegen.stage import merge_stills, provider_stills
from pipeline.process_pool import process_pool
from pipeline.stage_runner import ArtifactOut, Report
from pipeline.stills import StillJob, draw_to
from pipeline.thumbnail_candidates import ThumbnailPictures, draw_thumbnails
from pipeline.wallet import spend_limited, stage_wallet
from storage.sync import delete_files

# Drawing runs in the process's worker pool (spawned workers, see pipeline.process_pool):
# truly parallel on 2 cores, and the ~80 MB the drawing leaves in the allocator goes away
# with the workers when the stage is done instead of staying beside the render (measured:
# 200 MB -> 120 MB during the render).


def with_character(jobs: list[StillJob], characters: Sequence[SceneCharacter]) -> list[StillJob]:
    """The character's cut-outs over the scenes in place of full-frame photos: the photos
    cycled, variations picked by the scene's role (see `cast_scenes`)."""
    cast = cast_scenes(len(jobs), characters)
    if not cast:
        return jobs
    return [replace(job, photo=None, character=cast[i]) for i, job in enumerate(jobs)]


def still_jobs(
    scenes: list[dict[str, object]],
    photos: list[Path],
    *,
    style: str,
    size: tuple[int, int],
    seeds: dict[str, int],
    base_seed: int,
    options: ProjectOptions | None = None,
) -> list[StillJob]:
    """One job per scene; the user's photos are cycled over the scenes. `seeds` holds the
    seeds of regenerated scenes, by scene index."""
    return [
        StillJob(
            index=i,
            total=len(scenes),
            prompt=str(scene["visual_prompt"]),
            text=str(scene["text"]),
            style=style,
            size=size,
            seed=int(seeds.get(str(i), base_seed)),
            photo=photos[i % len(photos)] if photos else None,
            captions=(options or ProjectOptions()).captions,
            counter=(options or ProjectOptions()).scene_counter,
        )
        for i, scene in enumerate(scenes)
    ]


async def run(
    ctx: JobCtx, session: AsyncSession, project: Project, report: Report
) -> list[ArtifactOut]:
    """Draw every scene at the renderer's canvas size, then the thumbnail."""
    script = await scripts.get_script_for_job(session, project.id)
    if script is None:
        raise NotFound(what="script")
    storage = ctx["storage"]
    render = ctx["settings"].render
    size = canvas_size(render.width, render.height)
    photos = [storage.resolve(p) for p in project.options.photos]
    scenes_dir = storage.resolve(project.workdir) / "scenes"
    seeds = dict(project.options.scene_seeds)
    jobs = still_jobs(
        script.scenes,
        photos,
        style=project.style,
        size=size,
        seeds=seeds,
        base_seed=project.id,
        options=project.options,
    )
    # Scenes from an image provider (fal) when settings name one; the rest are drawn below.
    wallet = await stage_wallet(ctx, project.user_id, project.id, StageName.VISUALS)
    generated = await provider_stills(
        ctx, session, project, jobs, scenes_dir=scenes_dir, report=report, wallet=wallet
    )
    # fal's pictures get their headline in the drawing workers, like the user's photos.
    pictures = {i: storage.resolve(out.file.relpath) for i, out in generated.items()}
    over_pictures = [replace(jobs[i], photo=None, picture=pictures[i]) for i in sorted(generated)]
    if len(generated) < len(jobs):  # offline scenes show the character's cut-out
        variations = await project_variations(session, storage, project)
        jobs = with_character(jobs, await character_scenes(ctx, project, photos, variations))
    pool = process_pool()
    done = len(generated)

    async def draw(job: StillJob) -> ArtifactOut:
        nonlocal done
        path = scenes_dir / job.file_name()
        if not path.is_file():
            await pool.run(draw_to, job, path)
        if job.picture is None:  # fal's scenes were counted as they arrived
            done += 1
            await report(done / (len(jobs) + 1))
        # Hashed here (~10 ms a still), not in a thread: threads grew the job's resident
        # memory by 40 MB (an allocator arena each), which the render then carries.
        stored, meta = storage.describe(path), still_meta(path)
        return ArtifactOut(ArtifactKind.SCENE_IMAGE, stored, index=job.index, meta=meta)

    async with pool.holding():  # the same workers for every still and the thumbnail
        offline = [job for job in jobs if job.index not in generated]
        drawn = await asyncio.gather(*(draw(job) for job in (*offline, *over_pictures)))
        lettered = {
            out.index: replace(generated[out.index], file=out.file)
            for out in drawn[len(offline) :]
        }
        outputs = merge_stills(lettered, drawn[: len(offline)], spend_limited(wallet))
        size_out = (render.width, render.height)
        candidates = ThumbnailPictures(jobs, outputs, pictures)
        thumbnails = await draw_thumbnails(storage, project, script.title, candidates, size_out)
    # fal's own pictures stay: a redo letters them again without paying for them again.
    kept = {out.file.relpath for out in (*outputs, *generated.values())}
    drawn_before = {storage.relative(path) for path in scenes_dir.glob("scene_*.png")}
    await delete_files(storage, drawn_before - kept)  # on S3 from the bucket too
    outputs.extend(thumbnails)
    if len(generated) < len(jobs):  # fal's images have their own rows, with their cost
        await usage.add_usage(
            session,
            project.user_id,
            provider="photos" if photos else "procedural",
            unit=UsageUnit.IMAGES,
            quantity=len(jobs) - len(generated),
            project_id=project.id,
            stage=StageName.VISUALS,
        )
    return outputs
