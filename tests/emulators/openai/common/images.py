"""Deterministic pictures for the image emulators, drawn with Pillow.

Same key -> same pixels. A `figure` colour draws a simple character (head and body) in the
middle: image models given a reference photo paint it in the photo's mean colour, so a test
can tell that the reference reached the model and that two shots show "the same" person.
"""

from __future__ import annotations

import hashlib
import io

import numpy as np
from PIL import Image, ImageDraw

RGB = tuple[int, int, int]
FORMATS = {
    "png": ("PNG", "image/png"),
    "jpeg": ("JPEG", "image/jpeg"),
    "webp": ("WEBP", "image/webp"),
}


def _palette(key: str) -> list[RGB]:
    digest = hashlib.sha256(key.encode()).digest()
    return [(digest[i], digest[i + 1], digest[i + 2]) for i in range(0, 30, 3)]


def render_image(
    width: int,
    height: int,
    key: str,
    *,
    figure: RGB | None = None,
    black: bool = False,
    fmt: str = "png",
) -> bytes:
    """A gradient with discs derived from `key`; all black when `black` (NSFW-filtered)."""
    if black:
        image = Image.new("RGB", (width, height))
    else:
        colors = _palette(key)
        top, bottom = np.array(colors[0], float), np.array(colors[1], float)
        ramp = np.linspace(0.0, 1.0, height)[:, None, None]
        rows = (top * (1 - ramp) + bottom * ramp).astype(np.uint8)
        image = Image.fromarray(np.broadcast_to(rows, (height, width, 3)).copy(), "RGB")
        draw = ImageDraw.Draw(image)
        unit = min(width, height)
        for index, color in enumerate(colors[2:8]):
            x = (color[0] * 7 + index * 131) % width
            y = (color[1] * 11 + index * 197) % height
            radius = unit // 12 + (color[2] % (unit // 6 or 1))
            draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=color)
        if figure is not None:
            _draw_figure(draw, width, height, figure)
    pil_format, _ = FORMATS[fmt]
    out = io.BytesIO()
    image.save(out, format=pil_format)
    return out.getvalue()


def _draw_figure(draw: ImageDraw.ImageDraw, width: int, height: int, color: RGB) -> None:
    cx, unit = width // 2, min(width, height)
    head = unit // 8
    top = height // 2 - head * 3
    outline = (255 - color[0], 255 - color[1], 255 - color[2])
    draw.ellipse((cx - head, top, cx + head, top + 2 * head), fill=color, outline=outline, width=4)
    body = (cx - head * 2, top + 2 * head + 10, cx + head * 2, top + 7 * head)
    draw.rounded_rectangle(body, radius=head // 2, fill=color, outline=outline, width=4)


def figure_pixel(data: bytes) -> RGB:
    """Colour at the centre of the figure's head in an image made by `render_image`."""
    with Image.open(io.BytesIO(data)) as image:
        width, height = image.size
        head = min(width, height) // 8
        pixel = image.convert("RGB").getpixel((width // 2, height // 2 - head * 2))
    assert isinstance(pixel, tuple)
    return (int(pixel[0]), int(pixel[1]), int(pixel[2]))


def mean_color(data: bytes) -> RGB:
    """Mean colour of any image Pillow can open (a reference photo)."""
    with Image.open(io.BytesIO(data)) as image:
        small = np.asarray(image.convert("RGB").resize((32, 32)), dtype=float)
    red, green, blue = small.reshape(-1, 3).mean(axis=0)
    return (round(red), round(green), round(blue))


def mime_of(fmt: str) -> str:
    return FORMATS[fmt][1]
