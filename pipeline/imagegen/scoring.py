"""The consistency check: how much a generated scene's face looks like the character.

`SceneScorer` is all the generator needs. `face_scorer` builds the real one on
`pipeline.faces.identity` (dlib embeddings): the reference from the character's photos once,
then one cosine per scene. Photos without a usable face (or missing models) mean no scoring.
"""

import asyncio
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import structlog

from core.errors import DomainError

if TYPE_CHECKING:
    from pipeline.faces.identity import FaceReference

log = structlog.get_logger(__name__)


class SceneScorer(Protocol):
    async def score(self, path: Path) -> float | None:
        """Cosine similarity of the largest face in `path` to the character; None: no face."""
        ...


class IdentityScorer:
    """`pipeline.faces.identity.similarity` behind `SceneScorer`, in a thread (dlib blocks)."""

    def __init__(self, reference: "FaceReference") -> None:
        self.reference = reference

    async def score(self, path: Path) -> float | None:
        from pipeline.faces.identity import similarity  # noqa: PLC0415

        return await asyncio.to_thread(similarity, self.reference, path)


async def face_scorer(photos: Sequence[Path]) -> SceneScorer | None:
    """The identity scorer for a character's photos; None without photos, or when they show
    no usable face or the face models are not installed (scenes are then not scored)."""
    if not photos:
        return None
    # Imported here: the faces package is only needed when a character has photos.
    from pipeline.faces.identity import reference_from_photos  # noqa: PLC0415

    try:
        reference = await asyncio.to_thread(reference_from_photos, list(photos))
    except (DomainError, ValueError, OSError) as exc:
        log.warning("faces.no_reference", error=type(exc).__name__, reason=str(exc))
        return None
    return IdentityScorer(reference)
