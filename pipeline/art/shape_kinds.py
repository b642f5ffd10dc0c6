"""The shape kinds the art draws: circles, rings, arcs, triangles, waves, dot grids…

Each drawer takes a half-size layer's `ImageDraw`, the shape's spot and the scene's random
source (for its own variety: widths, turns, counts).
"""

import math
import random
from collections.abc import Callable
from dataclasses import dataclass

from PIL import ImageDraw

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
