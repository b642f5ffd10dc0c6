"""Thumbnails: one title block (the hook, upper-cased, big) over the first scene's picture
without its text, placed where the picture is calm and away from faces.

The title sits near the middle because feeds crop vertical covers to 4:5 or 1:1 around the
centre; of three bands it takes the calmest one that touches no face.
"""

import hashlib
from collections.abc import Sequence

import numpy as np
from PIL import Image

from pipeline.art.boxes import Box
from pipeline.art.calm import calmest, scrim
from pipeline.art.hook import hook_words
from pipeline.art.photos import cover
from pipeline.art.procedural import (
    DEFAULT_SIZE,
    check_size,
    draw_background,
    resolve_style,
    text_colours,
)
from pipeline.art.reframe import reframe
from pipeline.art.styles import Style
from pipeline.art.typography import draw_block, fit_text

# Candidate title bands (top, bottom) as fractions of the height, best first; all inside the
# centre square a 1:1 crop keeps.
BANDS = ((0.3, 0.6), (0.52, 0.8), (0.2, 0.45))
SIDE = 0.07  # of the width, each side
TITLE_SIZE = 0.13  # the largest font size, of the height: legible at a tenth of the size
SCRIM_DARKEN = 0.55  # how much the picture is darkened behind the title
SCRIM_SPREAD = 0.22  # of the height: how far from the title's centre the darkening fades
LIGHT_ART = 170  # mean level above which art keeps dark text and gets no scrim


def title_box(image: Image.Image, faces: tuple[Box, ...] = (), band: int | None = None) -> Box:
    """The calmest band for the title that touches no face (`pipeline.art.calm.calmest`);
    `band` (an index into BANDS) is taken when it touches no face."""
    w, h = image.size
    bands = [Box(SIDE * w, top * h, (1 - SIDE) * w, bottom * h) for top, bottom in BANDS]
    if band is not None and not any(bands[band % len(bands)].overlaps(f) for f in faces):
        return bands[band % len(bands)]
    return calmest(image, bands, faces)


def draw_thumbnail(
    title: str,
    style: Style | str,
    size: tuple[int, int] = DEFAULT_SIZE,
    background: Image.Image | None = None,
    faces: tuple[Box, ...] = (),
    *,
    words: Sequence[str] | None = None,
    band: int | None = None,
    art: int | None = None,
) -> Image.Image:
    """Draw the cover: `words` (the hook of `title` when None) in one block over
    `background` (a scene's picture without text, cover-fitted) or procedural art in
    `style`; `faces` (boxes in `size` pixels) stay uncovered; `band` as in `title_box`.
    `art` is a later round's own look (None: the title's): the procedural art and palette
    it seeds, or its framing of `background` (`reframe`)."""
    w, h = check_size(size)
    look = resolve_style(style)
    title_key = hashlib.blake2b(title.encode(), digest_size=8).digest()
    key = int.from_bytes(title_key, "big") >> 1 if art is None else art
    if background is None:  # the title's band first, so that no shape crosses it
        box = title_box(Image.new("L", (w, h)), faces, band)
        shade = 0 if art is None else key  # the title's look keeps the first palette
        keep_out = (box, *faces)
        canvas, palette = draw_background(look, (w, h), key, shade, keep_out=keep_out)
    else:
        if art is None:
            canvas = cover(background.convert("RGB"), (w, h))
        else:
            canvas, faces = reframe(background, (w, h), faces, art)
        palette = look.palettes[key % len(look.palettes)]
        box = title_box(canvas, faces, band)
    if float(np.asarray(canvas.resize((16, 16))).mean()) <= LIGHT_ART or background is not None:
        canvas = scrim(canvas, box, SCRIM_DARKEN, SCRIM_SPREAD)
    text = " ".join(words or hook_words(title)).upper()
    limits = (round(box.width), round(box.height))
    block = fit_text(text, limits, max_size=round(h * TITLE_SIZE), max_lines=3)
    x = round(box.left + (box.width - block.width) / 2)
    y = round(box.top + (box.height - block.height) / 2)
    region = canvas.crop((x, y, x + max(block.width, 1), y + max(block.height, 1)))
    colour, shadow, accent = text_colours(region, palette)
    words = text.split()
    highlight = (max(words, key=len), accent) if accent and len(words) > 1 else None
    draw_block(canvas, block, (x, y), colour, shadow, highlight=highlight)
    return canvas
