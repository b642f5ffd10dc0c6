"""Offline variations: the person cut out of one of their photos, mirrored, tilted, framed
closer or lit warmer, on a plain background, then scored against the character's photos.

Runs in the worker pool (pipeline.process_pool): mediapipe and dlib stay out of the caller.
"""

from collections.abc import Sequence
from pathlib import Path

import numpy as np
from PIL import Image

from db.models import VariationKind
from pipeline.art.save import save_png_atomic
from pipeline.characters.variation_kinds import OFFLINE_POSES, Pose
from pipeline.faces.compose import transform
from pipeline.faces.cutout import Cutout, cut_out
from pipeline.faces.identity import reference_from_photos, similarity
from pipeline.faces.placement import Placement

SIZE = (864, 1152)  # 3:4, as the reference model's variations
BACKDROP = ((238, 238, 242), (196, 198, 206))  # top and bottom of a soft grey gradient
FACE_CENTRE = (0.5, 0.34)  # of the width / height


def backdrop(size: tuple[int, int]) -> Image.Image:
    """A plain vertical grey gradient."""
    top, bottom = (np.asarray(c, np.float32) for c in BACKDROP)
    ramp = np.linspace(0.0, 1.0, size[1], dtype=np.float32)[:, None, None]
    rows = top * (1 - ramp) + bottom * ramp
    pixels = np.broadcast_to(rows, (size[1], size[0], 3)).round().astype(np.uint8)
    return Image.fromarray(np.ascontiguousarray(pixels), "RGB")


def _relit(layer: Image.Image, gains: tuple[float, float, float]) -> Image.Image:
    pixels = np.asarray(layer, np.float32).copy()
    pixels[..., :3] = np.clip(pixels[..., :3] * np.asarray(gains, np.float32), 0, 255)
    return Image.fromarray(pixels.round().astype(np.uint8), "RGBA")


def draw_pose(cutout: Cutout, pose: Pose, size: tuple[int, int] = SIZE) -> Image.Image:
    """The cut-out posed on the plain background, its face at FACE_CENTRE."""
    with Image.open(cutout.path) as image:
        person = image.convert("RGBA")
    face = cutout.face
    scale = pose.face_height * size[1] / max(face.height, 1)
    centre = (FACE_CENTRE[0] * size[0], FACE_CENTRE[1] * size[1])
    below_face = (person.height - (face.top + face.bottom) / 2) * scale
    plan = Placement(
        scale=scale,
        face_centre=centre,
        tilt_deg=pose.tilt_deg,
        mirror=pose.mirror,
        tint=0.0,
        brightness=1.0,
        rim=0.0,
        shadow_dx=0.0,
        fade_bottom=centre[1] + below_face < size[1],  # a bust ending inside the picture
    )
    turned, (fx, fy) = transform(person, face, plan)
    canvas = backdrop(size).convert("RGBA")
    layer = Image.new("RGBA", size, (0, 0, 0, 0))
    layer.paste(_relit(turned, pose.gains), (round(centre[0] - fx), round(centre[1] - fy)))
    canvas.alpha_composite(layer)
    return canvas.convert("RGB")


def make_poses(
    photos: Sequence[Path],
    model: Path,
    jobs: Sequence[tuple[VariationKind, Path]],
    first: int = 0,
) -> list[float | None]:
    """Draw each (kind, out) from the photos in turn, starting at photo `first`; return
    each picture's similarity to the character's reference (None: no face found in it)."""
    reference = reference_from_photos(list(photos))
    scores = []
    for number, (kind, out) in enumerate(jobs, start=first):
        photo = photos[number % len(photos)]
        cutout = cut_out(photo, model, photo.parent / "faces")
        save_png_atomic(draw_pose(cutout, OFFLINE_POSES[kind]), out)
        scores.append(similarity(reference, out))
    return scores
