"""The visuals stage's character: each photo cut out once, and the reference face, made in
a short-lived forked process (mediapipe and dlib stay out of the job's process)."""

import asyncio
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

import structlog

from db.models import Project
from pipeline.context import JobCtx
from pipeline.faces.cutout import cut_out
from pipeline.faces.errors import FaceCheckFailed
from pipeline.faces.identity import reference_from_photos
from pipeline.faces.models import segmentation_model
from pipeline.faces.scene import SceneCharacter

log = structlog.get_logger(__name__)


def prepare_character(
    photos: Sequence[Path],
    model: Path,
    threshold: float,
    variations: Sequence[tuple[str, Path]] = (),
) -> list[SceneCharacter]:
    """A SceneCharacter per photo that shows one face (photos that do not are skipped), then
    one per variation (its kind as the role), all scored against the photos."""
    usable, cutouts = [], []
    for role, photo in [*(("", p) for p in photos), *variations]:
        try:
            cutouts.append((role, cut_out(photo, model, photo.parent / "faces")))
        except FaceCheckFailed as error:  # a character made before photos were checked
            log.warning("faces.photo_skipped", photo=photo.name, reason=str(error))
            continue
        if not role:
            usable.append(photo)
    if not usable:
        return []
    reference = reference_from_photos(usable)
    return [
        SceneCharacter(
            cutout=c.path,
            face=(c.face.left, c.face.top, c.face.right, c.face.bottom),
            cut=c.touches_bottom,
            reference=reference,
            threshold=threshold,
            role=role,
        )
        for role, c in cutouts
    ]


async def character_scenes(
    ctx: JobCtx,
    project: Project,
    photos: Sequence[Path],
    variations: Sequence[tuple[str, Path]] = (),
) -> list[SceneCharacter]:
    """The project's character for offline scenes; [] without one (or with no usable face).

    Raises SegmentationModelMissing when the model was never installed.
    """
    if not project.options.get("character_id") or not photos:
        return []
    faces = ctx["settings"].providers.faces
    model = segmentation_model(faces.segmentation_model)
    loop = asyncio.get_running_loop()
    with ProcessPoolExecutor(1, mp_context=get_context("fork")) as pool:
        found = await loop.run_in_executor(
            pool, prepare_character, list(photos), model, faces.threshold, list(variations)
        )
    if not found:
        log.warning("faces.no_usable_photo", project_id=project.id)
    return found
