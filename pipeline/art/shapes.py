"""Geometric shapes on a transparent layer: circles, rings, triangles, waves, dot grids…

Shapes are drawn at half size and upscaled, which softens Pillow's aliased edges for free.
They keep off the layout's text and face boxes (`keep_out`): a shape that would touch one is
moved, then shrunk, then left out.
"""

import random
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFilter

from pipeline.art.boxes import Box
from pipeline.art.layout import free_of
from pipeline.art.shape_kinds import DRAWERS, Spot
from pipeline.art.styles import RGB, Palette, Style

# How far each kind reaches from its centre, in radii (waves run across the whole width).
REACH = {"blob": 1.5, "dots": 1.2, "line": 2.8, "wave": 0.5}
TRIES, SHRINK_EVERY, SHRINK = 24, 6, 0.75


def extent(kind: str, cx: float, cy: float, r: float) -> Box:
    """The box a shape of `kind` centred at (cx, cy) with radius `r` may cover."""
    reach = r * REACH.get(kind, 1.0)
    if kind == "wave":
        return Box(-1e9, cy - reach, 1e9, cy + reach)
    return Box(cx - reach, cy - reach, cx + reach, cy + reach)


def _place(
    kind: str, radius: float, size: tuple[int, int], keep_out: tuple[Box, ...], rng: random.Random
) -> tuple[float, float, float] | None:
    """A centre and radius where the shape keeps off `keep_out`, or None."""
    w, h = size
    for attempt in range(TRIES):
        if attempt and attempt % SHRINK_EVERY == 0:
            radius *= SHRINK
        cx, cy = rng.uniform(-0.1, 1.1) * w, rng.uniform(-0.05, 1.05) * h
        if free_of(extent(kind, cx, cy, radius), keep_out):
            return cx, cy, radius
    return None


@dataclass(frozen=True, slots=True)
class PlacedShape:
    """One decoration: its kind, where it is (at half size) and how far it may reach."""

    kind: str
    spot: Spot
    reach: Box


def plan_shapes(
    size: tuple[int, int],
    style: Style,
    palette: Palette,
    rng: random.Random,
    keep_out: tuple[Box, ...] = (),
) -> list[PlacedShape]:
    """One large hero shape and a few smaller ones, at half of `size`, none touching
    `keep_out` (boxes in `size` pixels)."""
    w, h = max(size[0] // 2, 4), max(size[1] // 2, 4)
    # Half size, grown by the blur and the neon glow.
    spread = w / 30 if style.neon else 2.0
    avoid = tuple(box.scale(w / size[0]).inflate(spread) for box in keep_out)
    kinds = rng.sample(style.shapes, k=min(len(style.shapes), rng.randint(2, 3)))
    placed = []
    for n in range(rng.randint(*style.shape_count)):
        kind = kinds[n % len(kinds)]
        radius = w * (rng.uniform(0.28, 0.5) if n == 0 else rng.uniform(0.05, 0.2))
        colour: RGB = rng.choice(palette.accents)
        alpha = rng.randint(*style.shape_alpha) // (2 if n == 0 else 1)
        where = _place(kind, radius, (w, h), avoid, rng)
        if where is not None:
            spot = Spot(*where, (*colour, alpha))
            placed.append(PlacedShape(kind, spot, extent(kind, *where).inflate(spread)))
    return placed


def shape_layer(
    size: tuple[int, int],
    style: Style,
    palette: Palette,
    rng: random.Random,
    keep_out: tuple[Box, ...] = (),
) -> Image.Image:
    """A transparent RGBA layer of `size` with the shapes `plan_shapes` places."""
    w, h = max(size[0] // 2, 4), max(size[1] // 2, 4)
    layer = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    for shape in plan_shapes(size, style, palette, rng, keep_out):
        DRAWERS[shape.kind](draw, shape.spot, rng)
    layer = layer.filter(ImageFilter.GaussianBlur(0.7))  # soften Pillow's aliased edges
    if style.neon:
        glow = layer.filter(ImageFilter.GaussianBlur(w / 60))
        layer = Image.alpha_composite(glow, Image.alpha_composite(glow, layer))
    return layer.resize(size, Image.Resampling.BICUBIC)
