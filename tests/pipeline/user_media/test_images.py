"""User pictures: only JPEG, PNG and WebP are parsed at all, and a JPEG is decoded no larger
than the caller needs (checks, face analysis, references and scenes)."""

import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from pipeline.art.errors import PhotoUnsupported
from pipeline.art.photos import fit_photo
from pipeline.characters.checks import check_image
from pipeline.faces.identity import load_rgb
from pipeline.imagegen.references import REFERENCE_SIDE, reference_jpeg
from pipeline.user_media.images import open_photo, read_header


def _jpeg(path: Path, size: tuple[int, int], orientation: int | None = None) -> Path:
    noise = np.random.default_rng(3).integers(0, 255, (size[1], size[0], 3), dtype=np.uint8)
    image = Image.fromarray(noise, "RGB")
    exif = Image.Exif()
    if orientation is not None:
        exif[0x0112] = orientation
    image.save(path, format="JPEG", quality=85, exif=exif)
    return path


@pytest.mark.parametrize("kind", ["TIFF", "BMP", "ICO", "PCX", "TGA"])
def test_other_picture_formats_are_not_parsed(kind: str, tmp_path: Path) -> None:
    path = tmp_path / f"photo.{kind.lower()}"
    Image.new("RGB", (64, 64), (10, 20, 30)).save(path, format=kind)

    with pytest.raises(PhotoUnsupported):
        open_photo(path)
    with pytest.raises(PhotoUnsupported):
        fit_photo(path, (108, 192))


@pytest.mark.parametrize("kind", ["JPEG", "PNG", "WEBP", "MPO"])
def test_jpeg_png_and_webp_are_read(kind: str, tmp_path: Path) -> None:
    path = tmp_path / "photo.bin"
    image = Image.new("RGB", (64, 48), (200, 30, 30))
    extra = {"save_all": True, "append_images": [image]} if kind == "MPO" else {}
    image.save(path, format=kind, **extra)

    assert open_photo(path).size == (64, 48)
    assert read_header(path).suffix == {"PNG": ".png", "WEBP": ".webp"}.get(kind, ".jpg")


def test_a_large_jpeg_is_decoded_at_a_reduced_scale(tmp_path: Path) -> None:
    path = _jpeg(tmp_path / "big.jpg", (4000, 3000))

    assert open_photo(path, reduce_to=500).size == (500, 375)  # 1/8
    assert open_photo(path, reduce_to=1200).size == (2000, 1500)  # 1/2: 1/4 keeps < 1200
    assert open_photo(path, reduce_to=(108, 192)).size == (500, 375)  # still covers 108x192
    assert open_photo(path).size == (4000, 3000)
    assert fit_photo(path, (108, 192)).size == (108, 192)


def test_the_reduced_decode_follows_the_exif_orientation(tmp_path: Path) -> None:
    path = _jpeg(tmp_path / "turned.jpg", (4000, 2000), orientation=6)

    assert read_header(path).width == 2000
    assert open_photo(path, reduce_to=500).size == (250, 500)


def test_checks_and_analysis_keep_the_full_size_figures(tmp_path: Path) -> None:
    path = _jpeg(tmp_path / "odd.jpg", (4001, 3001))

    checked = check_image(path)
    assert (checked.width, checked.height, checked.suffix) == (4001, 3001, ".jpg")
    assert load_rgb(path).shape == (1200, 1600, 3)  # as a full decode scaled to 1600
    with Image.open(io.BytesIO(reference_jpeg(path))) as reference:
        assert max(reference.size) == REFERENCE_SIDE
