"""The thumbnail holds one text block: every pixel its words change lies inside the one
title box the layout gives (`title_box`), clear of faces, and its rows form one block."""

import itertools

import numpy as np
import pytest
from PIL import Image

from pipeline.art.boxes import Box
from pipeline.art.photos import cover
from pipeline.art.thumbnail import draw_thumbnail, title_box

SIZE = (360, 640)
FLAT = (90, 120, 160)
TITLE = "Morning runs: four ideas worth knowing before you start"
INK = 40  # a channel this far from its row's colour is drawn text (the scrim varies by row)
SHADOW = 8  # px the soft shadow and stroke may reach past the block


def _text_mask(image: Image.Image) -> np.ndarray:
    """Over a flat picture the scrim changes rows only: what differs from its row's colour (at
    the left edge, where the title never goes) is text."""
    pixels = np.asarray(image, dtype=int)
    row = np.median(pixels[:, :4], axis=1, keepdims=True)
    return np.asarray(np.abs(pixels - row).max(axis=-1) > INK)


def _rows(mask: np.ndarray) -> list[tuple[int, int]]:
    """Runs of rows that hold text, as (first, last)."""
    found = np.flatnonzero(mask.any(axis=1))
    breaks = np.flatnonzero(np.diff(found) > 1)
    starts = [found[0], *found[breaks + 1]]
    ends = [*found[breaks], found[-1]]
    return [(int(s), int(e)) for s, e in zip(starts, ends, strict=True)]


@pytest.mark.parametrize(
    "faces",
    [(), (Box(120, 200, 240, 320),)],  # a face on the first and third bands: the second
)
def test_one_text_block_inside_the_layout_box(faces: tuple[Box, ...]) -> None:
    flat = Image.new("RGB", (720, 1280), FLAT)
    box = title_box(cover(flat, SIZE), faces)
    mask = _text_mask(draw_thumbnail(TITLE, "vivid", SIZE, background=flat, faces=faces))

    assert mask.sum() > 0.03 * mask.size  # big words
    ys, xs = np.nonzero(mask)
    grown = box.inflate(SHADOW)
    assert grown.left <= xs.min()
    assert xs.max() < grown.right
    assert grown.top <= ys.min()
    assert ys.max() < grown.bottom
    for face in faces:
        left, top, right, bottom = face.pixels()
        assert not mask[top:bottom, left:right].any()
    # One block: its lines are apart by less than a line's own height, at most three lines.
    runs = _rows(mask)
    assert len(runs) <= 3, runs
    tallest = max(end - start for start, end in runs)
    gaps = [nxt[0] - prev[1] for prev, nxt in itertools.pairwise(runs)]
    assert all(gap < tallest for gap in gaps), (runs, gaps)
