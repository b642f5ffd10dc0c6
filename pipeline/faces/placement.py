"""Where and how the character stands in a scene: pure, deterministic from a seed.

The face stays between the headline and the burned captions, as the layout step places them
(`pipeline.art.layout`); the headline is drawn over the person afterwards, so hair under it
never hides a keyword.
"""

import random
from dataclasses import dataclass

from pipeline.art.boxes import Box
from pipeline.art.layout import SceneLayout, plan_scene
from pipeline.faces.detect import FaceBox

PERSON_HEIGHT = (0.55, 0.85)  # of the frame height, when the head room allows it
HEAD_ROOM = (0.8, 1.0)  # of the largest scale that keeps the head below the headline
FACE_MIN = 0.09  # of the frame height: smaller faces read badly (and score less reliably)
SIDE_MARGIN = 0.06  # the whole face stays this far (of the width) inside the frame
ANCHORS = (0.32, 0.5, 0.68)  # left, centre, right: the face centre, of the width
JITTER = 0.04
TILT_DEG = 4.0
MIRROR_CHANCE = 0.35


def caption_top(frame: tuple[int, int], layout: SceneLayout | None = None) -> float:
    """The highest the captions reach on the still, in pixels from the top (default: the
    default captions of a zooming scene)."""
    return (layout or plan_scene(frame, "zoom_in")).captions.top


def face_box(plan: "Placement", face: FaceBox) -> Box:
    """Where the (untilted) face lands on the frame."""
    half_w, half_h = plan.scale * face.width / 2, plan.scale * face.height / 2
    x, y = plan.face_centre
    return Box(x - half_w, y - half_h, x + half_w, y + half_h)


@dataclass(frozen=True, slots=True)
class Placement:
    """The scaled, mirrored, tilted person's face centre on the frame, plus its grading."""

    scale: float  # cut-out pixels -> frame pixels
    face_centre: tuple[float, float]  # where the face's centre lands, in frame pixels
    tilt_deg: float
    mirror: bool
    tint: float  # 0..1 pull toward the scene's colour
    brightness: float
    rim: float  # 0: no back light
    shadow_dx: float  # of the width; the drop shadow's offset
    fade_bottom: bool  # the cut-out ends inside the frame: fade its lower edge out


def plan_placement(
    seed: int,
    frame: tuple[int, int],
    person: tuple[int, int],
    face: FaceBox,
    *,
    cut: bool,
    layout: SceneLayout | None = None,
) -> Placement:
    """A placement for a person cut-out of size `person` whose face is `face`, between the
    headline and the captions of `layout` (default: a zooming scene's).

    `cut`: the person runs off the photo's bottom edge (a bust), so a short fall inside the
    frame gets a fade instead of a hard edge.
    """
    rng = random.Random(seed)  # noqa: S311 (variety, not secrecy)
    width, height = frame
    layout = layout or plan_scene(frame, "zoom_in")
    top_limit = layout.headline.bottom
    bottom_limit = layout.captions.top - 0.01 * height
    # The cut-out's top is the top of the head: head to chin must fit between the headline
    # and the captions.
    room = (bottom_limit - top_limit) / max(face.bottom, 1)
    scale = min(rng.uniform(*PERSON_HEIGHT) * height / person[1], rng.uniform(*HEAD_ROOM) * room)
    # A small face reads badly, but one under the captions reads worse.
    scale = max(scale, min(FACE_MIN * height, bottom_limit - top_limit) / face.height)
    face_h, face_w = scale * face.height, scale * face.width
    lowest = top_limit + scale * face.bottom
    face_bottom = rng.uniform(min(lowest, bottom_limit), bottom_limit)
    centre_y = face_bottom - face_h / 2
    margin = SIDE_MARGIN * width + face_w / 2
    centre_x = (rng.choice(ANCHORS) + rng.uniform(-JITTER, JITTER)) * width
    centre_x = min(max(centre_x, margin), width - margin)
    person_bottom = face_bottom + scale * (person[1] - face.bottom)
    return Placement(
        scale=scale,
        face_centre=(centre_x, centre_y),
        tilt_deg=rng.uniform(-TILT_DEG, TILT_DEG),
        mirror=rng.random() < MIRROR_CHANCE,
        tint=rng.uniform(0.06, 0.16),
        brightness=rng.uniform(0.92, 1.06),
        rim=rng.uniform(0.3, 0.6) if rng.random() < 0.6 else 0.0,  # noqa: PLR2004
        shadow_dx=rng.choice((-1, 1)) * rng.uniform(0.006, 0.016),
        fade_bottom=cut and person_bottom < height,
    )
