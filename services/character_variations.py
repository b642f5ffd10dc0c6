"""Character Studio, variations: the character in other emotions and poses.

With fal configured, fal's reference model makes them from the photos (emotions and
gestures). Offline nothing can change a face, so a variation is a pose of the user's own
photo (cut out, then mirrored, tilted, framed closer or relit). Either way each picture is
scored against the photos; one under the faces threshold is not kept. Each service that
changes something commits once (a deleted row's files go right after).
"""

import asyncio
import hashlib
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import DomainError, NotFound
from core.ports import StudioProgress, StudioStep
from core.settings import ProvidersSettings
from db.models import Character, CharacterVariation, VariationKind, VariationSource
from db.queries import character_variations as queries
from pipeline.characters.variation_kinds import Picture, available_kinds
from pipeline.characters.variation_pose import make_poses
from pipeline.faces.models import segmentation_model
from pipeline.imagegen.stage import fal_ready
from pipeline.process_pool import process_pool
from pipeline.wallet import Wallet
from services.character_studio import character_dir, get_character
from storage.cleanup import remove_after_commit
from storage.disk import Storage
from storage.sync import pull_keys, push_files


class VariationNotOffered(NotFound):
    """A kind not on offer here (offline: no emotions): a NotFound, so the bot's handling of
    tampered buttons stays, with its own key for callers that name kinds (the REST API)."""

    key = "error-variation-not-offered"
    template = "{kinds}: not on offer; choose from {offered}."


def check_kinds(providers: ProvidersSettings, kinds: Sequence[VariationKind]) -> None:
    """Refuse no kinds, or a kind not on offer, with VariationNotOffered."""
    offered = variation_kinds(providers)
    missing = [str(kind) for kind in kinds if kind not in offered]
    if not kinds or missing:
        raise VariationNotOffered(
            kinds=", ".join(missing) or "nothing", offered=", ".join(offered)
        )


@dataclass
class VariationRun:
    """What one request made: stored variations, the kinds refused as unlike the character
    (with their best score), and the provider error that stopped it, if any."""

    made: list[CharacterVariation] = field(default_factory=list)
    refused: list[tuple[VariationKind, float | None]] = field(default_factory=list)
    error: DomainError | None = None


def variation_kinds(providers: ProvidersSettings) -> tuple[VariationKind, ...]:
    """The kinds on offer: emotions and gestures with fal, poses of the photos offline."""
    return available_kinds(with_fal=fal_ready(providers))


def variations_dir(storage: Storage, user_id: int, character_id: int) -> Path:
    return character_dir(storage, user_id, character_id) / "variations"


async def list_variations(
    session: AsyncSession, user_id: int, character_id: int
) -> Sequence[CharacterVariation]:
    """The character's variations. Raises NotFound for another user's character."""
    await get_character(session, user_id, character_id)
    return await queries.list_variations(session, user_id, character_id)


async def make_variations(
    session: AsyncSession,
    storage: Storage,
    providers: ProvidersSettings,
    user_id: int,
    character_id: int,
    *,
    kinds: Sequence[VariationKind],
    wallet: Wallet | None = None,
    on_progress: StudioProgress | None = None,
) -> VariationRun:
    """Make the kinds the character does not have yet; every picture fal makes is paid
    through `wallet` (the daily spend ceiling before it, its usage row committed right
    after; a refusal ends the run with DailySpendExceeded in `VariationRun.error`; None:
    neither, as in tests). `on_progress` hears each picture made (PICTURES, done, total).

    Raises NotFound for another user's character or a kind not on offer, and
    SegmentationModelMissing offline when the model was never installed.
    """
    character = await get_character(session, user_id, character_id)
    check_kinds(providers, kinds)
    have = {v.kind for v in await queries.list_variations(session, user_id, character.id)}
    wanted = [kind for kind in dict.fromkeys(kinds) if kind not in have]
    if not wanted:
        return VariationRun()
    if on_progress is not None:
        await on_progress(StudioStep.PICTURES, 0, len(wanted))
    folder = variations_dir(storage, user_id, character.id)
    work = folder / ".work"
    await pull_keys(storage, [photo.path for photo in character.photos])  # on S3: the bucket's
    try:
        if fal_ready(providers):
            run, kept = await _with_fal(
                storage, providers, character, kinds=wanted, work=work, wallet=wallet,
                on_progress=on_progress,
            )  # fmt: skip
            source = VariationSource.FAL
        else:
            run, kept = await _offline(
                storage, providers, character, wanted, work, on_progress=on_progress
            )
            source = VariationSource.CUTOUT
        for picture in kept:
            run.made.append(await _store(session, storage, character, picture, source))
    finally:
        await asyncio.to_thread(shutil.rmtree, work, True)
    await session.commit()
    return run


async def _with_fal(
    storage: Storage,
    providers: ProvidersSettings,
    character: Character,
    *,
    kinds: Sequence[VariationKind],
    work: Path,
    wallet: Wallet | None,
    on_progress: StudioProgress | None,
) -> tuple[VariationRun, list[Picture]]:
    # Imported here: fal-client costs memory in every process that never uses it.
    from pipeline.characters.variation_fal import make_with_fal  # noqa: PLC0415
    from pipeline.imagegen.requests import CharacterLook  # noqa: PLC0415
    from pipeline.imagegen.stage import photos_digest  # noqa: PLC0415

    photos = tuple(storage.resolve(p.path) for p in character.photos)
    digest = await asyncio.to_thread(photos_digest, photos)
    look = CharacterLook(f"character:{character.id}", character.description, photos, digest)
    threshold = providers.faces.threshold
    made = await make_with_fal(
        providers.fal, look, kinds, work, threshold, wallet=wallet, on_progress=on_progress
    )
    refused = [(p.kind, p.score) for p in made.refused]
    return VariationRun(refused=refused, error=made.error), made.kept


async def _offline(
    storage: Storage,
    providers: ProvidersSettings,
    character: Character,
    kinds: Sequence[VariationKind],
    work: Path,
    *,
    on_progress: StudioProgress | None,
) -> tuple[VariationRun, list[Picture]]:
    model = segmentation_model(providers.faces.segmentation_model)
    photos = [storage.resolve(p.path) for p in character.photos]
    jobs = [(kind, work / f"{kind}.png") for kind in kinds]
    scores: list[float | None] = []
    pool = process_pool()
    async with pool.holding():  # the same workers (mediapipe loaded once) for every picture
        for number, job in enumerate(jobs):
            # One task a picture, so each can be reported; the photos' face analysis and
            # cut-outs are cached on disk after the first, so later tasks reuse them.
            scores += await pool.run(make_poses, photos, model, [job], number)
            if on_progress is not None:
                await on_progress(StudioStep.PICTURES, number + 1, len(jobs))
    threshold, run, kept = providers.faces.threshold, VariationRun(), []
    for (kind, path), score in zip(jobs, scores, strict=True):
        if score is None or score < threshold:
            run.refused.append((kind, score))
        else:
            kept.append(Picture(kind, path, score))
    return run, kept


async def _store(
    session: AsyncSession,
    storage: Storage,
    character: Character,
    picture: Picture,
    source: VariationSource,
) -> CharacterVariation:
    data = await asyncio.to_thread(picture.path.read_bytes)
    name = f"{picture.kind}_{hashlib.sha256(data).hexdigest()[:12]}.png"
    final = variations_dir(storage, character.user_id, character.id) / name
    stored = await asyncio.to_thread(storage.import_file, picture.path, final)
    await push_files(storage, [stored.relpath])
    return await queries.add_variation(
        session, character.user_id, character.id, kind=picture.kind, source=source,
        path=stored.relpath, similarity=picture.score,
    )  # fmt: skip


async def delete_variation(
    session: AsyncSession, storage: Storage, user_id: int, variation_id: int
) -> int:
    """Delete the user's variation (its file goes after the commit); return its character's
    ID. Raises NotFound, also for another user's."""
    variation = await queries.get_variation(session, variation_id, user_id)
    if variation is None:
        raise NotFound(what="variation")
    character_id = variation.character_id
    remove_after_commit(session, storage, [await queries.delete_variation(session, variation)])
    await session.commit()
    return character_id
