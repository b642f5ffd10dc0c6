"""Thumbnails: the title big and centred over procedural art or a supplied picture.

The title sits in the middle of the frame because feeds crop vertical covers to 4:5 or 1:1
around the centre.
"""

import hashlib

import numpy as np
from PIL import Image

from pipeline.art.photos import cover
from pipeline.art.procedural import (
    DEFAULT_SIZE,
    check_size,
    draw_background,
    resolve_style,
    text_colours,
)
from pipeline.art.styles import Style
from pipeline.art.typography import draw_block, fit_text

TITLE_BOX = (0.06, 0.24, 0.94, 0.7)  # left, top, right, bottom as fractions of the size
SCRIM_DARKEN = 0.55  # how much a supplied picture is darkened behind the title
ART_SCRIM_DARKEN = 0.3  # procedural art is calmer: darken less
LIGHT_ART = 170  # mean level above which art keeps dark text and gets no scrim


def _scrim(image: Image.Image, darken: float) -> Image.Image:
    """Darken the middle band of a supplied picture so any title reads on it."""
    h = image.height
    y = np.linspace(0.0, 1.0, h, dtype=np.float32)
    centre = (TITLE_BOX[1] + TITLE_BOX[3]) / 2
    band = np.exp(-(((y - centre) / 0.28) ** 2))
    shade = (1.0 - darken * band)[:, None, None]
    arr = np.asarray(image, dtype=np.float32) * shade
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "RGB")


def draw_thumbnail(
    title: str,
    style: Style | str,
    size: tuple[int, int] = DEFAULT_SIZE,
    background: Image.Image | None = None,
) -> Image.Image:
    """Draw the cover picture: `title` upper-cased, fitted big into the centre of `size`.

    With `background` (e.g. the first scene or a user photo) it is cover-fitted and darkened
    behind the title; without it, procedural art in `style` is drawn.
    """
    w, h = check_size(size)
    look = resolve_style(style)
    key = int.from_bytes(hashlib.blake2b(title.encode(), digest_size=8).digest(), "big") >> 1
    if background is None:
        art, palette = draw_background(look, (w, h), key)
        light = float(np.asarray(art.resize((16, 16))).mean()) > LIGHT_ART
        canvas = art if light else _scrim(art, ART_SCRIM_DARKEN)
    else:
        canvas = _scrim(cover(background.convert("RGB"), (w, h)), SCRIM_DARKEN)
        palette = look.palettes[key % len(look.palettes)]
    left, top, right, bottom = (
        round(v * (w if i % 2 == 0 else h)) for i, v in enumerate(TITLE_BOX)
    )
    text = " ".join(title.split()).upper() or " "
    block = fit_text(text, (right - left, bottom - top), max_size=round(h * 0.12), max_lines=7)
    x = left + (right - left - block.width) // 2
    y = top + (bottom - top - block.height) // 2
    region = canvas.crop((x, y, x + max(block.width, 1), y + max(block.height, 1)))
    colour, shadow, accent = text_colours(region, palette)
    words = text.split()
    highlight = (max(words, key=len), accent) if accent and len(words) > 1 else None
    draw_block(canvas, block, (x, y), colour, shadow, highlight=highlight)
    return canvas
