"""The character's looks for offline scenes, made in a worker process: each photo (and
variation) cut out once, all scored against the reference face from the photos.

A module of its own so the worker imports only the faces code (0.3 s), not the stage's
database and job modules (1-2 s and 45 MB more, measured in a fresh interpreter).
"""

from collections.abc import Sequence
from pathlib import Path

import structlog

from pipeline.faces.cutout import cut_out
from pipeline.faces.errors import FaceCheckFailed
from pipeline.faces.identity import reference_from_photos
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
