"""Words over a picture: the calmest of some candidate boxes that touches no face, and a shade
under it so the words read. Shared by the thumbnail's title and the headline of a scene drawn
over a photo or a provider's picture.
"""

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray
from PIL import Image, ImageFilter

from pipeline.art.background import luminance
from pipeline.art.boxes import Box, intersect

FIRST_BONUS = 2.0  # edge strength the first candidate may have over another and still win
SAMPLE = 64  # the candidate is measured on a SAMPLE x SAMPLE grey copy


def busyness(image: Image.Image, box: Box) -> float:
    """Mean edge strength under `box` (0 calm .. 255 busy)."""
    region = image.crop(box.pixels()).convert("L").resize((SAMPLE, SAMPLE))
    return float(np.asarray(region.filter(ImageFilter.FIND_EDGES), dtype=np.float32).mean())


def _face_overlap(box: Box, faces: Sequence[Box]) -> float:
    shared = (intersect((box, face)) for face in faces)
    return sum(part.width * part.height for part in shared)


def calmest(image: Image.Image, candidates: Sequence[Box], faces: Sequence[Box] = ()) -> Box:
    """The calmest of `candidates` that touches no face, the first one preferred by
    FIRST_BONUS; when all touch a face, those covering the least of them. Deterministic: a tie
    goes to the earlier candidate."""
    clear = [box for box in candidates if not any(box.overlaps(face) for face in faces)]
    if not clear:
        least = min(_face_overlap(box, faces) for box in candidates)
        clear = [box for box in candidates if _face_overlap(box, faces) == least]
    first = candidates[0]
    return min(clear, key=lambda box: busyness(image, box) - (box == first) * FIRST_BONUS)


def scrim(
    image: Image.Image, band: Box, darken: float, spread: float, *, flat: bool = False
) -> Image.Image:
    """`image` darkened by up to `darken` (0..1) in rows around `band`, fading out over
    `spread` (a share of the height) from its centre, or from its edges when `flat`."""
    h = image.height
    y = np.linspace(0.0, 1.0, h, dtype=np.float32)
    top, bottom = band.top / h, band.bottom / h
    outside = np.maximum(np.maximum(top - y, y - bottom), 0.0)
    distance = outside if flat else y - (top + bottom) / 2
    shade = (1.0 - darken * np.exp(-((distance / spread) ** 2)))[:, None, None]
    arr = np.asarray(image.convert("RGB"), dtype=np.float32) * shade
    return Image.fromarray(np.clip(np.rint(arr), 0, 255).astype(np.uint8), "RGB")


def _linear(srgb: NDArray[np.float32]) -> NDArray[np.float32]:
    return np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)  # noqa: PLR2004


def darkening_for(image: Image.Image, box: Box, target: float, most: float) -> float:
    """How much to darken under `box` (0..`most`) for its mean relative luminance to fall to
    `target`; 0 where the picture is already that dark."""
    region = np.asarray(image.crop(box.pixels()).convert("RGB").resize((SAMPLE, SAMPLE)))
    lum = float(luminance(_linear(region.astype(np.float32) / 255.0)).mean())
    if lum <= target:
        return 0.0
    # Scaling sRGB values by s scales linear light by about s ** 2.4.
    return min(most, 1.0 - float((target / lum) ** (1 / 2.4)))
