"""A scene's headline over a photo or a provider's picture: in the calmest band the layout
allows, touching no face dlib finds, inside the safe area of both end crop windows, readable,
and drawn inside the box the layout returns."""

from pathlib import Path

import numpy as np
import pytest
from infra.faces import grace_hopper
from PIL import Image

from core.captions import CaptionChoice, CaptionPosition
from pipeline.art.boxes import Box, intersect
from pipeline.art.calm import busyness
from pipeline.art.crop import SCENE_MOVES, end_windows, safe_in
from pipeline.art.layout import (
    HEADLINE_SHARE,
    MIN_CLEAR_SHARE,
    SceneLayout,
    headline_bands,
)
from pipeline.picture_still import letter_picture, open_picture, picture_faces
from pipeline.stills import StillJob, ThumbnailJob, draw_still, thumbnail_to

STILL = (1188, 2112)  # the canvas a 1080x1920 Short's stills are drawn at
FLAT = (70, 110, 150)
TEXT = "Why octopuses live in every sea"
INK = 40  # a channel this far from the shaded picture is drawn text
DIM = 10  # darker picture values tell nothing of the shade
CELL = 24  # px: the busy pictures' squares


def _blocks(seed: int, size: tuple[int, int] = STILL) -> Image.Image:
    """Busy detail at the scale of a letter's stroke: random colours in CELL-pixel squares."""
    w, h = size
    cells = np.random.default_rng(seed).integers(0, 256, (h // CELL + 1, w // CELL + 1, 3))
    small = Image.fromarray(cells.astype(np.uint8), "RGB")
    grown = small.resize((small.width * CELL, small.height * CELL), Image.Resampling.NEAREST)
    return grown.crop((0, 0, w, h))


def _half_busy(busy_top: bool, seed: int = 1) -> Image.Image:
    """Flat blue-grey, with busy detail over the top or the bottom half."""
    w, h = STILL
    picture = _blocks(seed)
    picture.paste(FLAT, (0, h // 2, w, h) if busy_top else (0, 0, w, h // 2))
    return picture


def _busy_share(band: Box, busy_top: bool) -> float:
    half = Box(0, 0, STILL[0], STILL[1] / 2) if busy_top else Box(0, STILL[1] / 2, *STILL)
    return intersect((band, half)).height / band.height


def _assert_on_screen(layout: SceneLayout) -> None:
    for window in end_windows(layout.move, layout.size):
        assert safe_in(window).contains(layout.headline)
    assert layout.area.contains(layout.headline)
    for other in (layout.captions, layout.logo, layout.mark):
        assert not layout.headline.overlaps(other)


@pytest.mark.parametrize("busy_top", [True, False])
@pytest.mark.parametrize("position", list(CaptionPosition))
def test_the_headline_goes_where_the_picture_is_calm(
    busy_top: bool, position: CaptionPosition
) -> None:
    picture = _half_busy(busy_top)
    captions = CaptionChoice(position=position)
    for index in range(len(SCENE_MOVES)):
        _still, layout = letter_picture(picture, TEXT, "vivid", index=index, captions=captions)
        bands = headline_bands(layout)
        assert layout.headline in bands
        assert layout.faces == ()
        # The least busy band, or the layout's own place when it is nearly as busy (the
        # calm measure's bonus for it is worth a tenth of a band of noise).
        least = min(_busy_share(band, busy_top) for band in bands)
        share = _busy_share(layout.headline, busy_top)
        assert share == least or (layout.headline == bands[0] and share <= least + 0.15)
        if least <= 0.5:  # some band is mostly calm: the headline is in one of those
            assert share <= 0.5, (index, layout.headline)
        _assert_on_screen(layout)
        if not busy_top:  # the layout's own (upper) place is calm: it is kept
            assert layout.headline == bands[0]


def test_the_same_picture_gets_the_same_place() -> None:
    picture = _half_busy(busy_top=True, seed=5)
    first = letter_picture(picture, TEXT, "vivid", index=2)
    second = letter_picture(picture.copy(), TEXT, "vivid", index=2)
    assert first[1] == second[1]
    assert np.array_equal(np.asarray(first[0]), np.asarray(second[0]))


def _face_in_the_calm_band() -> tuple[Image.Image, Box]:
    """Grace Hopper's photo on flat grey in the upper part (where the layout puts the
    headline, and the calmest part), busy detail below; and where she was pasted."""
    w, _h = STILL
    canvas = _blocks(3)
    canvas.paste((120, 120, 120), (0, 0, w, 800))
    with Image.open(grace_hopper()) as photo:
        person = photo.convert("RGB").resize((300, 352), Image.Resampling.LANCZOS)
    at = ((w - person.width) // 2, 380)
    canvas.paste(person, at)
    return canvas, Box(at[0], at[1], at[0] + person.width, at[1] + person.height)


def test_the_headline_keeps_off_a_face_even_where_it_is_calmest() -> None:
    picture, pasted = _face_in_the_calm_band()
    faces = picture_faces(picture)
    assert len(faces) == 1
    assert pasted.contains(intersect((faces[0], pasted)))
    assert faces[0].overlaps(pasted)

    still, layout = letter_picture(picture, TEXT, "vivid", index=0)

    assert layout.faces == faces
    assert not layout.headline.overlaps(faces[0])
    bands = headline_bands(layout)
    calmest_band = min(bands, key=lambda band: busyness(picture, band))
    assert calmest_band.overlaps(faces[0])  # the face, not the calm, decided
    _assert_on_screen(layout)
    assert picture_faces(still)  # she is still there to be seen


def _text_mask(still: Image.Image, picture: Image.Image) -> np.ndarray:
    """Where the still differs from the picture by more than the shade: the shade scales
    whole rows, measured at the left edge (text never goes there)."""
    drawn = np.asarray(still, dtype=np.float32)
    original = np.asarray(picture, dtype=np.float32)
    edge = original[:, :60].reshape(original.shape[0], -1)
    ratio = drawn[:, :60].reshape(edge.shape) / np.maximum(edge, 1)
    measured = np.ma.median(np.ma.masked_where(edge <= DIM, ratio), axis=1)
    shade = np.ma.filled(measured, 1.0)[:, None, None]  # rows too dark to tell: unshaded
    return np.asarray(np.abs(drawn - original * shade).max(axis=-1) > INK)


def _luminance(rgb: np.ndarray) -> float:
    c = rgb / 255.0
    linear = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return float((linear @ np.asarray([0.2126, 0.7152, 0.0722])).mean())


@pytest.mark.parametrize("busy_top", [True, False])
def test_the_drawn_words_lie_in_the_chosen_box_and_read(busy_top: bool) -> None:
    picture = _half_busy(busy_top, seed=7)
    still, layout = letter_picture(picture, TEXT, "vivid", index=0)

    mask = _text_mask(still, picture)
    assert mask.sum() > 0.01 * mask.size  # big words
    ys, xs = np.nonzero(mask)
    grown = layout.headline.inflate(1)  # rounding to whole pixels
    assert grown.left <= xs.min()
    assert xs.max() < grown.right
    assert grown.top <= ys.min()
    assert ys.max() < grown.bottom
    # White words (and their black stroke) over the shaded band: WCAG large-text contrast.
    band = np.asarray(still.crop(layout.headline.pixels()), dtype=np.float64)
    left, top, right, bottom = layout.headline.pixels()
    background = band[~mask[top:bottom, left:right]]
    contrast = 1.05 / (_luminance(background) + 0.05)
    assert contrast >= 4.5, contrast


def test_a_photo_scene_still_has_its_headline_clear_of_the_face(tmp_path: Path) -> None:
    picture, _pasted = _face_in_the_calm_band()
    photo = tmp_path / "me.jpg"
    picture.save(photo, quality=95)
    job = StillJob(0, 3, "a lighthouse", TEXT, "vivid", STILL, 1, photo)

    still = draw_still(job)

    fitted = open_picture(photo, None, STILL)
    expected, layout = letter_picture(fitted, TEXT, "vivid", index=0, seed=1)
    assert np.array_equal(np.asarray(still), np.asarray(expected))
    assert layout.faces
    assert not any(layout.headline.overlaps(face) for face in layout.faces)


def test_the_thumbnail_over_a_photo_keeps_its_title_off_the_face(tmp_path: Path) -> None:
    w, _h = STILL
    photo = _blocks(4)  # busy below, calm grey above with her in it: the calm is hers
    photo.paste((120, 120, 120), (0, 0, w, 1300))
    with Image.open(grace_hopper()) as person:
        photo.paste(person.convert("RGB").resize((300, 352)), ((w - 300) // 2, 650))
    path = tmp_path / "me.png"
    photo.save(path)
    job = StillJob(0, 3, "a lighthouse", TEXT, "vivid", STILL, 1, path)
    out = tmp_path / "thumbnail.png"

    thumbnail_to(ThumbnailJob("Grace Hopper and the first compiler", job, (1080, 1920)), out)

    with Image.open(out) as drawn:
        thumbnail = drawn.convert("RGB")
    (face,) = picture_faces(photo)
    shown = picture_faces(thumbnail)  # the title did not cover her face: dlib still sees it
    assert len(shown) == 1
    assert shown[0].overlaps(face.scale(1080 / w))


def test_a_face_under_every_band_leaves_a_smaller_headline_beside_it() -> None:
    picture = open_picture(grace_hopper(), None, STILL)  # her head fills the middle

    still, layout = letter_picture(picture, TEXT, "vivid", index=0)

    (face,) = layout.faces
    assert all(band.overlaps(face) for band in headline_bands(layout))
    assert not layout.headline.overlaps(face)
    assert MIN_CLEAR_SHARE * STILL[1] <= layout.headline.height < HEADLINE_SHARE * STILL[1]
    _assert_on_screen(layout)
    mask = _text_mask(still, picture)
    assert mask.sum() > 0.002 * mask.size
    assert not mask[
        round(face.top) : round(face.bottom), round(face.left) : round(face.right)
    ].any()
