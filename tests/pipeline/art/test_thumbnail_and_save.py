"""Thumbnails and atomic still writes."""

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from pipeline.art.procedural import draw_scene
from pipeline.art.save import save_jpeg_atomic, save_png_atomic
from pipeline.art.thumbnail import draw_thumbnail

SIZE = (360, 640)


def test_thumbnail_has_big_title_in_the_middle() -> None:
    with_title = draw_thumbnail("Утренний бег: 4 идеи, которые стоит знать", "vivid", SIZE)
    other = draw_thumbnail("Something else entirely", "vivid", SIZE)
    assert with_title.size == SIZE
    assert with_title.mode == "RGB"
    h = SIZE[1]
    middle = np.asarray(with_title.crop((0, int(h * 0.3), SIZE[0], int(h * 0.66))))
    bright = (middle.max(axis=2) > 235).mean()
    assert bright > 0.05  # white letters fill a good part of the title box
    assert not np.array_equal(np.asarray(with_title), np.asarray(other))


def test_thumbnail_over_a_picture() -> None:
    picture = draw_scene(0, 1, "prompt", "«Кофе»", "minimal", (720, 1280), 0)
    image = draw_thumbnail("Coffee in the morning", "warm", SIZE, background=picture)
    assert image.size == SIZE
    centre = np.asarray(image.crop((0, 250, SIZE[0], 390)), dtype=np.float32)
    assert centre.max() > 230  # the title
    assert np.median(centre) < np.median(np.asarray(picture.resize(SIZE)))  # scrim darkens


def test_png_written_atomically(tmp_path: Path) -> None:
    target = tmp_path / "scenes" / "001.png"
    image = Image.new("RGB", (64, 64), (10, 20, 30))
    assert save_png_atomic(image, target) == target
    save_png_atomic(Image.new("RGB", (32, 32), (1, 2, 3)), target)  # replaces
    with Image.open(target) as loaded:
        assert loaded.format == "PNG"
        assert loaded.size == (32, 32)
    assert [p.name for p in target.parent.iterdir()] == ["001.png"]


def test_failed_write_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "bad.png"
    broken = Image.new("RGB", (8, 8))
    broken.im = None  # type: ignore[assignment]  # makes Pillow fail while encoding
    with pytest.raises(Exception):  # noqa: B017, PT011 (whatever Pillow raises)
        save_png_atomic(broken, target)
    assert list(tmp_path.iterdir()) == []


def test_jpeg_thumbnail(tmp_path: Path) -> None:
    target = save_jpeg_atomic(draw_thumbnail("Title", "dark", SIZE), tmp_path / "thumb.jpg")
    with Image.open(target) as loaded:
        assert loaded.format == "JPEG"
        assert loaded.size == SIZE
