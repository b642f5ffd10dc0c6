"""A later thumbnail round's own framing of a picture: cover-fitted, then zoomed in a little
about a seeded point, so a round that shows the same picture, words and band as an earlier
one still draws another image."""

import random

from PIL import Image

from pipeline.art.boxes import Box

ZOOM = (1.06, 1.16)  # enough to tell apart, little enough to keep what the scene shows


def reframe(
    picture: Image.Image, size: tuple[int, int], faces: tuple[Box, ...], seed: int
) -> tuple[Image.Image, tuple[Box, ...]]:
    """`picture` cover-fitted to `size` and zoomed by `seed`; `faces`, given in the plain
    cover-fit's pixels (as `pipeline.art.photos.cover` centres it), moved along."""
    rng = random.Random(seed)  # noqa: S311 (variety, not secrecy)
    zoom, across, down = rng.uniform(*ZOOM), rng.random(), rng.random()
    w, h = size
    fitted = max(w / picture.width, h / picture.height)
    scale = fitted * zoom
    left0, top0 = (picture.width * fitted - w) / 2, (picture.height * fitted - h) / 2
    left, top = (picture.width * scale - w) * across, (picture.height * scale - h) * down
    box = (left / scale, top / scale, (left + w) / scale, (top + h) / scale)
    framed = picture.convert("RGB").resize(size, Image.Resampling.LANCZOS, box=box)

    def x(at: float) -> float:
        return (at + left0) * zoom - left

    def y(at: float) -> float:
        return (at + top0) * zoom - top

    moved = tuple(Box(x(f.left), y(f.top), x(f.right), y(f.bottom)) for f in faces)
    return framed, moved
