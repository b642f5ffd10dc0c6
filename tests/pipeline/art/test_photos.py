"""User photos: orientation, cover versus contain, and clear errors for bad files."""

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from core.errors import MediaUnreadable
from pipeline.art.errors import PhotoTooLarge, PhotoUnreadable, PhotoUnsupported
from pipeline.art.photos import fit_photo

SIZE = (270, 480)
RED, BLUE = (220, 30, 30), (30, 30, 220)


def halves(
    size: tuple[int, int],
    first: tuple[int, int, int],
    second: tuple[int, int, int],
    *,
    vertical_split: bool,
) -> Image.Image:
    image = Image.new("RGB", size, first)
    w, h = size
    box = (w // 2, 0, w, h) if vertical_split else (0, h // 2, w, h)
    image.paste(second, box)
    return image


def mean(image: Image.Image, box: tuple[int, int, int, int]) -> np.ndarray:
    values: np.ndarray = np.asarray(image.crop(box), dtype=np.float32).reshape(-1, 3).mean(axis=0)
    return values


def test_landscape_is_contained_over_blurred_fill(tmp_path: Path) -> None:
    path = tmp_path / "wide.jpg"
    halves((1600, 900), RED, BLUE, vertical_split=True).save(path, quality=95)
    image = fit_photo(path, SIZE)
    assert image.size == SIZE
    assert image.mode == "RGB"
    w, h = SIZE
    # the whole width of the photo is visible in the middle: red left, blue right
    assert mean(image, (5, h // 2 - 5, 20, h // 2 + 5))[0] > 180
    assert mean(image, (w - 20, h // 2 - 5, w - 5, h // 2 + 5))[2] > 180
    # above and below: the darkened, blurred copy, not black bars and not the photo itself
    top = mean(image, (0, 0, w, 20))
    assert 20 < top.max() < 160


def test_portrait_close_to_frame_is_cover_cropped(tmp_path: Path) -> None:
    path = tmp_path / "tall.png"
    halves((900, 1200), RED, BLUE, vertical_split=False).save(path)
    image = fit_photo(path, SIZE)
    assert image.size == SIZE
    assert mean(image, (0, 0, SIZE[0], 10))[0] > 200  # no blurred band: photo fills the frame
    assert mean(image, (0, SIZE[1] - 10, SIZE[0], SIZE[1]))[2] > 200


def test_exif_rotation_is_applied(tmp_path: Path) -> None:
    path = tmp_path / "rotated.jpg"
    raw = halves((800, 450), RED, BLUE, vertical_split=True)  # stored sideways
    exif = Image.Exif()
    exif[0x0112] = 6  # display rotated 90 degrees clockwise
    raw.save(path, exif=exif, quality=95)
    image = fit_photo(path, SIZE)
    assert mean(image, (0, 0, SIZE[0], 40))[0] > 180  # the red (left) half is now on top
    assert mean(image, (0, SIZE[1] - 40, SIZE[0], SIZE[1]))[2] > 180


def test_transparent_png_is_flattened(tmp_path: Path) -> None:
    path = tmp_path / "logo.png"
    Image.new("RGBA", (500, 500), (0, 200, 0, 128)).save(path)
    image = fit_photo(path, SIZE)
    assert image.mode == "RGB"
    assert image.size == SIZE


@pytest.mark.parametrize("keep", [0.1, 0.5])
def test_corrupt_jpeg(tmp_path: Path, keep: float) -> None:
    good = tmp_path / "good.jpg"
    noise = np.random.default_rng(1).integers(0, 255, (600, 800, 3), dtype=np.uint8)
    Image.fromarray(noise, "RGB").save(good, quality=90)
    broken = tmp_path / "broken.jpg"
    data = good.read_bytes()
    broken.write_bytes(data[: int(len(data) * keep)])
    with pytest.raises(PhotoUnreadable) as caught:
        fit_photo(broken, SIZE)
    assert isinstance(caught.value, MediaUnreadable)
    assert "broken.jpg" in str(caught.value)


def test_gif_text_and_garbage_are_not_photos(tmp_path: Path) -> None:
    gif = tmp_path / "anim.gif"
    Image.new("P", (100, 100)).save(gif)
    text = tmp_path / "notes.jpg"
    text.write_text("this is not a picture", encoding="utf-8")
    garbage = tmp_path / "noise.png"
    garbage.write_bytes(bytes(range(256)) * 8)
    for path in (gif, text, garbage):
        with pytest.raises(PhotoUnsupported):
            fit_photo(path, SIZE)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(PhotoUnreadable):
        fit_photo(tmp_path / "nowhere.jpg", SIZE)


def test_too_many_megapixels(tmp_path: Path) -> None:
    path = tmp_path / "huge.png"
    Image.new("1", (8000, 5100)).save(path)  # 40.8 MP, tiny on disk
    with pytest.raises(PhotoTooLarge) as caught:
        fit_photo(path, SIZE)
    assert caught.value.params["limit"] == 40
