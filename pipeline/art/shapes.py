"""Geometric shapes on a transparent layer: circles, rings, triangles, waves, dot grids…

Shapes are drawn at half size and upscaled, which softens Pillow's aliased edges for free.
Their centres stay out of the caption band so burned captions sit on a calm background.
"""

import math
import random
from collections.abc import Callable
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFilter

from pipeline.art.background import CAPTION_BAND
from pipeline.art.styles import RGB, Palette, Style

RGBA = tuple[int, int, int, int]


@dataclass(frozen=True, slots=True)
class Spot:
    """Where and how big one shape is, and its colour with alpha."""

    cx: float
    cy: float
    r: float
    fill: RGBA


Drawer = Callable[[ImageDraw.ImageDraw, Spot, random.Random], None]


def _polygon(cx: float, cy: float, r: float, sides: int, turn: float) -> list[tuple[float, float]]:
    return [
        (
            cx + r * math.cos(turn + 2 * math.pi * k / sides),
            cy + r * math.sin(turn + 2 * math.pi * k / sides),
        )
        for k in range(sides)
    ]


def _circle(draw: ImageDraw.ImageDraw, spot: Spot, rng: random.Random) -> None:
    cx, cy, r, fill = spot.cx, spot.cy, spot.r, spot.fill
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=fill)


def _ring(draw: ImageDraw.ImageDraw, spot: Spot, rng: random.Random) -> None:
    cx, cy, r, fill = spot.cx, spot.cy, spot.r, spot.fill
    width = max(2, round(r * rng.uniform(0.05, 0.14)))
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=fill, width=width)


def _arc(draw: ImageDraw.ImageDraw, spot: Spot, rng: random.Random) -> None:
    cx, cy, r, fill = spot.cx, spot.cy, spot.r, spot.fill
    start = rng.uniform(0, 360)
    width = max(3, round(r * rng.uniform(0.08, 0.2)))
    draw.arc(
        (cx - r, cy - r, cx + r, cy + r),
        start,
        start + rng.uniform(90, 220),
        fill=fill,
        width=width,
    )


def _triangle(draw: ImageDraw.ImageDraw, spot: Spot, rng: random.Random) -> None:
    cx, cy, r, fill = spot.cx, spot.cy, spot.r, spot.fill
    points = _polygon(cx, cy, r, 3, rng.uniform(0, math.tau))
    if rng.random() < 0.5:  # noqa: PLR2004
        draw.polygon(points, fill=fill)
    else:
        draw.polygon(points, outline=fill, width=max(2, round(r * 0.08)))


def _rect(draw: ImageDraw.ImageDraw, spot: Spot, rng: random.Random) -> None:
    cx, cy, r, fill = spot.cx, spot.cy, spot.r, spot.fill
    draw.polygon(_polygon(cx, cy, r, 4, rng.uniform(0, math.tau)), fill=fill)


def _blob(draw: ImageDraw.ImageDraw, spot: Spot, rng: random.Random) -> None:
    cx, cy, r, fill = spot.cx, spot.cy, spot.r, spot.fill
    waves = [
        (rng.randint(2, 5), rng.uniform(0.05, 0.16), rng.uniform(0, math.tau)) for _ in range(3)
    ]
    points = []
    for k in range(72):
        a = math.tau * k / 72
        rr = r * (1 + sum(amp * math.sin(n * a + ph) for n, amp, ph in waves))
        points.append((cx + rr * math.cos(a), cy + rr * math.sin(a)))
    draw.polygon(points, fill=fill)


def _wave(draw: ImageDraw.ImageDraw, spot: Spot, rng: random.Random) -> None:
    cy, r, fill = spot.cy, spot.r, spot.fill
    width = draw.im.size[0]
    length, phase = rng.uniform(0.6, 1.4) * width, rng.uniform(0, math.tau)
    points = [
        (x, cy + r * 0.35 * math.sin(phase + math.tau * x / length))
        for x in range(-20, width + 21, 8)
    ]
    draw.line(points, fill=fill, width=max(3, round(r * rng.uniform(0.06, 0.16))), joint="curve")


def _dots(draw: ImageDraw.ImageDraw, spot: Spot, rng: random.Random) -> None:
    cx, cy, r, fill = spot.cx, spot.cy, spot.r, spot.fill
    step = max(6.0, r * rng.uniform(0.22, 0.32))
    dot = max(1.5, step * 0.16)
    n = rng.randint(4, 7)
    for i in range(n):
        for j in range(n):
            x, y = cx + (i - n / 2) * step, cy + (j - n / 2) * step
            draw.ellipse((x - dot, y - dot, x + dot, y + dot), fill=fill)


def _line(draw: ImageDraw.ImageDraw, spot: Spot, rng: random.Random) -> None:
    cx, cy, r, fill = spot.cx, spot.cy, spot.r, spot.fill
    angle = rng.uniform(-0.6, 0.6) + rng.choice((0.0, math.pi / 2))
    dx, dy = math.cos(angle) * r * 2.2, math.sin(angle) * r * 2.2
    gap = r * rng.uniform(0.1, 0.2)
    for k in range(rng.randint(1, 4)):
        ox, oy = -math.sin(angle) * gap * k, math.cos(angle) * gap * k
        draw.line(
            (cx - dx + ox, cy - dy + oy, cx + dx + ox, cy + dy + oy),
            fill=fill,
            width=max(2, round(r * 0.03)),
        )


DRAWERS: dict[str, Drawer] = {
    "circle": _circle,
    "ring": _ring,
    "arc": _arc,
    "triangle": _triangle,
    "rect": _rect,
    "blob": _blob,
    "wave": _wave,
    "dots": _dots,
    "line": _line,
}


def _centre(w: int, h: int, rng: random.Random) -> tuple[float, float]:
    top, bottom = CAPTION_BAND
    while True:
        y = rng.uniform(-0.05, 1.05)
        if not top - 0.03 < y < bottom + 0.03:
            return rng.uniform(-0.1, 1.1) * w, y * h


def shape_layer(
    size: tuple[int, int], style: Style, palette: Palette, rng: random.Random
) -> Image.Image:
    """A transparent RGBA layer of `size` with one large hero shape and a few smaller ones."""
    w, h = max(size[0] // 2, 4), max(size[1] // 2, 4)
    layer = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    kinds = rng.sample(style.shapes, k=min(len(style.shapes), rng.randint(2, 3)))
    count = rng.randint(*style.shape_count)
    for n in range(count):
        kind = kinds[n % len(kinds)]
        radius = w * (rng.uniform(0.28, 0.5) if n == 0 else rng.uniform(0.05, 0.2))
        colour: RGB = rng.choice(palette.accents)
        alpha = rng.randint(*style.shape_alpha) // (2 if n == 0 else 1)
        cx, cy = _centre(w, h, rng)
        DRAWERS[kind](draw, Spot(cx, cy, radius, (*colour, alpha)), rng)
    layer = layer.filter(ImageFilter.GaussianBlur(0.7))  # soften Pillow's aliased edges
    if style.neon:
        glow = layer.filter(ImageFilter.GaussianBlur(w / 60))
        layer = Image.alpha_composite(glow, Image.alpha_composite(glow, layer))
    return layer.resize(size, Image.Resampling.BICUBIC)
