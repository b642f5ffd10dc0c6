"""The visuals stage's character: each photo cut out once, and the reference face, made in
the process's worker pool (mediapipe and dlib stay out of the job's process)."""

from collections.abc import Sequence
from pathlib import Path

import structlog

from db.models import Project
from pipeline.context import JobCtx
from pipeline.faces.models import segmentation_model
from pipeline.faces.prepare import prepare_character
from pipeline.faces.scene import SceneCharacter
from pipeline.process_pool import process_pool

log = structlog.get_logger(__name__)


async def character_scenes(
    ctx: JobCtx,
    project: Project,
    photos: Sequence[Path],
    variations: Sequence[tuple[str, Path]] = (),
) -> list[SceneCharacter]:
    """The project's character for offline scenes; [] without one (or with no usable face).

    Raises SegmentationModelMissing when the model was never installed, WorkerTimeout and
    WorkerCrashed (transient) from the pool.
    """
    if not project.options.character_id or not photos:
        return []
    faces = ctx["settings"].providers.faces
    model = segmentation_model(faces.segmentation_model)
    found = await process_pool().run(
        prepare_character, list(photos), model, faces.threshold, list(variations)
    )
    if not found:
        log.warning("faces.no_usable_photo", project_id=project.id)
    return found
