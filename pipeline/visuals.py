"""Stage 3, visuals: one still per scene (procedural art or the user's photos) + a thumbnail."""

import asyncio
import hashlib
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from multiprocessing import get_context
from pathlib import Path

from PIL import Image
from sqlalchemy.ext.asyncio import AsyncSession

from db.enums import ArtifactKind, StageName, UsageUnit
from db.models import Project
from db.queries import scripts, usage
from pipeline.art.photos import fit_photo
from pipeline.art.procedural import draw_scene
from pipeline.art.save import save_png_atomic
from pipeline.art.thumbnail import draw_thumbnail
from pipeline.characters.variation_scenes import cast_scenes, project_variations
from pipeline.context import JobCtx
from pipeline.errors import NotFound
from pipeline.faces.scene import SceneCharacter, SceneText, draw_scored, score_text, still_meta
from pipeline.faces.stage import character_scenes
from pipeline.ffmpeg.motion import canvas_size
from pipeline.imagegen.stage import merge_stills, provider_stills
from pipeline.stage_runner import ArtifactOut, Report
from pipeline.wallet import spend_limited, stage_wallet

# Drawing runs in short-lived forked worker processes: truly parallel on 2 cores, and the
# ~80 MB the drawing leaves in the allocator goes away with them instead of staying in the
# job's process while ffmpeg renders (measured: 200 MB -> 120 MB during the render). Fork,
# not spawn: the children start with the modules loaded (visuals 1.2 s vs 2.2 s for 6
# stills) and only draw and save; they touch no lock another thread could hold.
PARALLEL_DRAWS = 2


@dataclass(frozen=True, slots=True)
class StillJob:
    """What one scene's still is drawn from."""

    index: int
    total: int
    prompt: str
    text: str
    style: str
    size: tuple[int, int]
    seed: int
    photo: Path | None
    character: SceneCharacter | None = None  # the creator, cut out and put into the art

    def file_name(self) -> str:
        """Content-addressed: a redo redraws only the scenes whose inputs changed."""
        parts = (self.prompt, self.text, self.style, self.size, self.seed, self.photo)
        key = "|".join(map(str, parts if self.character is None else (*parts, self.character)))
        digest = hashlib.sha256(key.encode()).hexdigest()[:12]
        return f"scene_{self.index:02d}_{digest}.png"


def draw_still(job: StillJob) -> Image.Image:
    """The still for one scene: the user's photo when given, else procedural art."""
    if job.photo is not None:
        return fit_photo(job.photo, job.size)
    return draw_scene(job.index, job.total, job.prompt, job.text, job.style, job.size, job.seed)


def draw_to(job: StillJob, path: Path) -> None:
    """Draw one still and save it (in a worker process); a still with the character carries
    its face similarity in the PNG (see `still_meta`)."""
    if job.character is None:
        save_png_atomic(draw_still(job), path)
        return
    scene = SceneText(job.index, job.total, job.prompt, job.text, job.style, job.size, job.seed)
    image, score = draw_scored(scene, job.character)
    save_png_atomic(image, path, text=score_text(score))


def with_character(jobs: list[StillJob], characters: Sequence[SceneCharacter]) -> list[StillJob]:
    """The character's cut-outs over the scenes in place of full-frame photos: the photos
    cycled, variations picked by the scene's role (see `cast_scenes`)."""
    cast = cast_scenes(len(jobs), characters)
    if not cast:
        return jobs
    return [replace(job, photo=None, character=cast[i]) for i, job in enumerate(jobs)]


def thumbnail_to(title: str, style: str, size: tuple[int, int], first: Path, out: Path) -> None:
    """Draw the thumbnail over the first scene's still and save it (in a worker process)."""
    with Image.open(first) as background:
        save_png_atomic(draw_thumbnail(title, style, size, background), out)


def still_jobs(
    scenes: list[dict[str, object]],
    photos: list[Path],
    *,
    style: str,
    size: tuple[int, int],
    seeds: dict[str, int],
    base_seed: int,
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
    photos = [storage.resolve(p) for p in project.options.get("photos", [])]
    scenes_dir = storage.resolve(project.workdir) / "scenes"
    seeds = dict(project.options.get("scene_seeds", {}))
    jobs = still_jobs(
        script.scenes, photos, style=project.style, size=size, seeds=seeds, base_seed=project.id
    )
    # Scenes from an image provider (fal) when settings name one; the rest are drawn below.
    wallet = await stage_wallet(ctx, project.user_id, project.id, StageName.VISUALS)
    generated = await provider_stills(
        ctx, session, project, jobs, scenes_dir=scenes_dir, report=report, wallet=wallet
    )
    if len(generated) < len(jobs):  # offline scenes show the character's cut-out
        variations = await project_variations(session, storage, project)
        jobs = with_character(jobs, await character_scenes(ctx, project, photos, variations))
    thumb_path = storage.resolve(project.workdir) / "thumbnail.png"
    loop = asyncio.get_running_loop()
    done = len(generated)
    with ProcessPoolExecutor(PARALLEL_DRAWS, mp_context=get_context("fork")) as pool:

        async def draw(job: StillJob) -> ArtifactOut:
            nonlocal done
            path = scenes_dir / job.file_name()
            if not path.is_file():
                await loop.run_in_executor(pool, draw_to, job, path)
            done += 1
            await report(done / (len(jobs) + 1))
            stored, meta = storage.describe(path), still_meta(path)
            return ArtifactOut(ArtifactKind.SCENE_IMAGE, stored, index=job.index, meta=meta)

        drawn = await asyncio.gather(*(draw(j) for j in jobs if j.index not in generated))
        outputs = merge_stills(generated, drawn, spend_limited(wallet))
        first = storage.resolve(outputs[0].file.relpath)
        size_out = (render.width, render.height)
        await loop.run_in_executor(
            pool, thumbnail_to, script.title, project.style, size_out, first, thumb_path
        )
    current = {storage.resolve(out.file.relpath) for out in outputs}
    for stale in set(scenes_dir.glob("scene_*.png")) - current:
        stale.unlink()
    outputs.append(ArtifactOut(ArtifactKind.THUMBNAIL, storage.describe(thumb_path)))
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
