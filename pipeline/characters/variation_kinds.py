"""What variations exist: emotions and gestures an image model makes from the photos, and
the poses that are honest offline (the user's own photo, cut out and turned or relit).

Offline there is no model that changes a face, so offline kinds never claim an emotion.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from db.models import VariationKind

# The instruction for the reference model: the same person, doing this.
FAL_PROMPTS: dict[VariationKind, str] = {
    VariationKind.SMILING: "smiling warmly with a natural happy expression",
    VariationKind.SURPRISED: "looking surprised, eyebrows raised and mouth slightly open",
    VariationKind.THINKING: "thinking, looking up thoughtfully with a hand on the chin",
    VariationKind.SERIOUS: "with a calm, serious expression, looking straight at the camera",
    VariationKind.POINTING: "pointing at the viewer with one hand, friendly and confident",
    VariationKind.THUMBS_UP: "giving a thumbs up with one hand and smiling",
}


@dataclass(frozen=True, slots=True)
class Pose:
    """An offline variant of a photo: mirrored, tilted, framed closer, lit differently."""

    mirror: bool = False
    tilt_deg: float = 0.0
    face_height: float = 0.25  # of the picture's height
    gains: tuple[float, float, float] = (1.0, 1.0, 1.0)


OFFLINE_POSES: dict[VariationKind, Pose] = {
    VariationKind.MIRRORED: Pose(mirror=True),
    VariationKind.TILTED: Pose(tilt_deg=6.0),
    VariationKind.CLOSE_UP: Pose(face_height=0.38),
    VariationKind.WARM_LIGHT: Pose(gains=(1.12, 1.0, 0.84)),
}


@dataclass(frozen=True, slots=True)
class Picture:
    """A variation made but not stored yet, and its similarity (None: no face in it)."""

    kind: VariationKind
    path: Path
    score: float | None


# Which variation suits a scene's role, best first (scenes fall back to the photos).
HOOK_KINDS = (
    VariationKind.SURPRISED,
    VariationKind.THINKING,
    VariationKind.CLOSE_UP,
    VariationKind.TILTED,
)
CTA_KINDS = (
    VariationKind.POINTING,
    VariationKind.THUMBS_UP,
    VariationKind.SMILING,
    VariationKind.MIRRORED,
)


def available_kinds(*, with_fal: bool) -> tuple[VariationKind, ...]:
    """The kinds a user can make: emotions and gestures with fal, poses only offline."""
    return tuple(FAL_PROMPTS if with_fal else OFFLINE_POSES)


def variation_prompt(kind: VariationKind) -> str:
    """The reference model's instruction for `kind`."""
    return f"The same person, {FAL_PROMPTS[kind]}, upper body, plain light grey background"


def best_for(order: Sequence[VariationKind], made: Sequence[str]) -> str | None:
    """The first kind of `order` among `made`, or None."""
    return next((kind for kind in order if kind in made), None)
