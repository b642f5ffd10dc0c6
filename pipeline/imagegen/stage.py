"""The visuals stage's picture source: fal when `providers.images` starts with it.

`provider_stills` makes what it can with fal and returns those scenes' artifacts; the
stage draws the rest procedurally. With "fal,offline" a fal failure (or the daily spend
ceiling) leaves the remaining scenes to procedural art; with "fal" alone it fails the
stage. Every picture fal made is paid through the stage's wallet, which commits its usage
row as soon as fal has made it. Artifact meta says where each still came from:
{"source": "fal"|"procedural"}, plus {"spend_limited": ["fal"]} when the ceiling stopped fal.
"""

import asyncio
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, Protocol

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from core.enums import ArtifactKind
from core.errors import InvalidInput
from core.settings import ProvidersSettings
from db.models import Project
from db.queries import characters
from pipeline.characters.variation_scenes import project_variations
from pipeline.context import JobCtx
from pipeline.imagegen.requests import CharacterLook, SceneSpec, pinned_seed
from pipeline.imagegen.scoring import face_scorer
from pipeline.stage_runner import ArtifactOut, Report
from pipeline.wallet import Wallet

log = structlog.get_logger(__name__)

FAL, OFFLINE = "fal", "offline"
KNOWN = frozenset({FAL, OFFLINE})


class SceneJob(Protocol):
    """What the stage knows of a scene (its `StillJob`)."""

    @property
    def index(self) -> int: ...
    @property
    def prompt(self) -> str: ...
    @property
    def size(self) -> tuple[int, int]: ...


def image_chain(setting: str) -> list[str]:
    """`providers.images` as a list: "offline", "fal" or "fal,offline"."""
    names = [name.strip().lower() for name in setting.split(",") if name.strip()]
    unknown = [name for name in names if name not in KNOWN]
    if not names or unknown:
        reason = f"unknown image provider {unknown[0]!r}" if unknown else "none named"
        raise InvalidInput(what="PROVIDERS__IMAGES", reason=reason)
    return names


def fal_ready(providers: ProvidersSettings) -> bool:
    """fal leads the image chain and has a key: pictures (and character variations) come
    from fal. The one rule the visuals stage, the Character Studio and the bot share."""
    key = providers.fal.api_key
    return image_chain(providers.images)[0] == FAL and bool(key and key.get_secret_value())


def photos_digest(photos: Sequence[Path]) -> str:
    """One digest of the photos' bytes: the same photos are the same character."""
    digest = hashlib.sha256()
    for photo in photos:
        digest.update(hashlib.sha256(photo.read_bytes()).digest())
    return digest.hexdigest()[:16] if photos else ""


async def character_look(session: AsyncSession, ctx: JobCtx, project: Project) -> CharacterLook:
    """The project's character: its id, description, photos (the project's copies) and
    variations. A project without one gets a pinned seed of its own and text-to-image
    scenes."""
    character_id = project.options.character_id
    if not character_id:
        return CharacterLook(f"project:{project.id}")
    photos = tuple(ctx["storage"].resolve(p) for p in project.options.photos)
    # The character's variations join the references after its photos (up to the limit).
    variations = await project_variations(session, ctx["storage"], project)
    photos += tuple(path for _, path in variations)
    digest = await asyncio.to_thread(photos_digest, photos)
    found = await characters.get_character(session, character_id, project.user_id)
    description = found.description if found is not None else ""
    return CharacterLook(f"character:{character_id}", description, photos, digest)


def scene_specs(
    jobs: Sequence[SceneJob], character: CharacterLook, redone: Mapping[str, Any]
) -> list[SceneSpec]:
    """Every scene at the character's pinned seed, but a regenerated scene at its own."""
    seed = pinned_seed(character.key)
    return [
        SceneSpec(job.index, job.prompt, job.size, int(redone.get(str(job.index), seed)))
        for job in jobs
    ]


async def provider_stills(
    ctx: JobCtx,
    session: AsyncSession,
    project: Project,
    jobs: Sequence[SceneJob],
    *,
    scenes_dir: Path,
    report: Report,
    wallet: Wallet,
) -> dict[int, ArtifactOut]:
    """The scene stills fal made, by scene index ({} when the chain starts offline or the
    user chose offline art for this project: `options.images == "offline"`), each paid
    through `wallet`."""
    providers = ctx["settings"].providers
    chain = image_chain(providers.images)
    if chain[0] != FAL or project.options.images == OFFLINE:
        return {}
    if project.options.photos and not project.options.character_id:
        return {}  # the user's own photos are the scenes (drawn by the stage)
    # Imported here: fal-client costs memory in every worker that never uses it.
    from pipeline.imagegen.fal import FalSceneGenerator  # noqa: PLC0415
    from pipeline.imagegen.scene import SceneEvent  # noqa: PLC0415

    character = await character_look(session, ctx, project)
    scorer = await face_scorer(character.references)
    generator = FalSceneGenerator(
        providers.fal, scorer=scorer, threshold=providers.faces.threshold
    )
    finished = 0

    async def on_event(event: SceneEvent) -> None:
        nonlocal finished
        if event.state == "done":
            finished += 1
            await report(finished / (len(jobs) + 1))

    seeds = project.options.scene_seeds
    specs = scene_specs(jobs, character, seeds)
    batch = await generator.generate(specs, character, scenes_dir, on_event, wallet=wallet)
    if batch.error is not None:
        if OFFLINE not in chain[1:]:
            raise batch.error
        log.warning(
            "images.fallback", provider=FAL, next_provider=OFFLINE, made=len(batch.scenes),
            scenes=len(jobs), error_key=batch.error.key, transient=batch.error.transient,
            reason=str(batch.error),
        )  # fmt: skip
    storage = ctx["storage"]
    return {
        index: ArtifactOut(
            ArtifactKind.SCENE_IMAGE, storage.describe(made.path), index=index, meta=made.meta
        )
        for index, made in batch.scenes.items()
    }


def merge_stills(
    provided: Mapping[int, ArtifactOut],
    drawn: Sequence[ArtifactOut],
    note: Mapping[str, Any] | None = None,
) -> list[ArtifactOut]:
    """All scene artifacts in scene order; the drawn ones marked procedural (and with
    `note`, e.g. that the spend ceiling stopped fal)."""
    extra = {"source": "procedural", **(note or {})}
    marked = [replace(out, meta={**out.meta, **extra}) for out in drawn]
    return sorted([*provided.values(), *marked], key=lambda out: out.index)
