"""A user's logo and title-card pictures, kept as PNGs we draw from them at upload.

The render reads both with FFmpeg (the logo through a `movie` source, a still card in the
stills' concat list), so what it opens must be ours: one known format, no larger than the
Short can show.
"""

import math
from pathlib import Path

from PIL import Image

from pipeline.art.save import save_png_atomic
from pipeline.user_media.clips import CANVAS
from pipeline.user_media.images import open_photo

LOGO_SIDE = 1024  # the render shows a logo about 170 px wide; room for larger Shorts


def _shrink(image: Image.Image, width: int, height: int) -> Image.Image:
    if (width, height) == image.size:
        return image
    return image.resize((width, height), Image.Resampling.LANCZOS)


def keep_logo(source: Path, out: Path, *, name: str | None = None) -> Path:
    """Write the logo to `out` as a PNG at most LOGO_SIDE px on its long side (transparency
    kept). Raises the photo errors of `open_photo`."""
    logo = open_photo(source, name=name, reduce_to=LOGO_SIDE)
    scale = min(1.0, LOGO_SIDE / max(logo.size))
    size = max(1, round(logo.width * scale)), max(1, round(logo.height * scale))
    return save_png_atomic(_shrink(logo, *size), out)


def keep_card_still(source: Path, out: Path, *, name: str | None = None) -> Path:
    """Write an intro/outro picture to `out` as a PNG no larger than needed to cover the
    largest Short. Raises the photo errors of `open_photo`."""
    still = open_photo(source, name=name, reduce_to=CANVAS)
    scale = min(1.0, max(CANVAS[0] / still.width, CANVAS[1] / still.height))
    size = max(1, math.ceil(still.width * scale)), max(1, math.ceil(still.height * scale))
    return save_png_atomic(_shrink(still, *size), out)
