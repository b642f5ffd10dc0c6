"""A scene's still over a picture it did not draw (the user's photo, an image provider's
picture): the faces in it found, the headline put in the calmest band the layout allows that
touches no face, over a shade that keeps white words readable.

Runs in the visuals stage's drawing workers, beside `pipeline.stills`.
"""

from pathlib import Path

import numpy as np
from PIL import Image

from core.captions import CaptionChoice
from pipeline.art.boxes import Box
from pipeline.art.calm import calmest, darkening_for, scrim
from pipeline.art.crop import scene_move
from pipeline.art.keywords import pick_keywords
from pipeline.art.layout import SceneLayout, clear_parts, headline_bands, plan_scene
from pipeline.art.photos import CROP_TOP_BIAS, cover, fit_photo
from pipeline.art.procedural import draw_headline, resolve_style
from pipeline.faces.detect import detect_faces

# dlib's box runs from the brows to the chin: grown to hold the forehead, hair and ears.
FACE_GROW_SIDE, FACE_GROW_UP, FACE_GROW_DOWN = 0.2, 0.45, 0.1  # of the box's size
SHADE_TARGET = 0.1  # mean relative luminance under the headline: white on it is >= 7:1
SHADE_MOST = 0.6  # the most the picture is darkened there
SHADE_SPREAD = 0.04  # of the height: how far past the band the shade fades out


def open_picture(photo: Path | None, picture: Path | None, size: tuple[int, int]) -> Image.Image:
    """A provider's `picture` (cover-fitted to `size`) when given, else the user's `photo`
    fitted to `size`."""
    if picture is not None:
        with Image.open(picture) as opened:
            rgb = opened.convert("RGB")
        return rgb if rgb.size == size else cover(rgb, size, top_bias=CROP_TOP_BIAS)
    if photo is None:
        raise ValueError("a picture still needs a photo or a picture")
    return fit_photo(photo, size)


def picture_faces(picture: Image.Image) -> tuple[Box, ...]:
    """The faces dlib finds in `picture`, grown to the whole head, largest first."""
    found = detect_faces(np.asarray(picture.convert("RGB"), dtype=np.uint8))
    return tuple(
        Box(
            face.left - FACE_GROW_SIDE * face.width,
            face.top - FACE_GROW_UP * face.height,
            face.right + FACE_GROW_SIDE * face.width,
            face.bottom + FACE_GROW_DOWN * face.height,
        )
        for face in found
    )


def letter_picture(
    picture: Image.Image,
    text: str,
    style: str,
    *,
    index: int,
    seed: int = 0,
    captions: CaptionChoice | None = None,
) -> tuple[Image.Image, SceneLayout]:
    """Scene `index`'s headline (keywords of `text`, the style's palette for the scene, as the
    procedural art picks it) drawn over `picture` where it is calm and clear of faces; the
    still and its layout (the headline's band, the faces found)."""
    layout = plan_scene(picture.size, scene_move(index), captions)
    layout = layout.with_faces(picture_faces(picture))
    bands = headline_bands(layout)
    if all(any(band.overlaps(face) for face in layout.faces) for band in bands):
        bands = clear_parts(layout, bands) or bands  # a smaller headline beside the face
    band = calmest(picture, bands, layout.faces)
    darken = darkening_for(picture, band, SHADE_TARGET, SHADE_MOST)
    still = scrim(picture, band, darken, SHADE_SPREAD, flat=True) if darken else picture.copy()
    palettes = resolve_style(style).palettes
    draw_headline(still, pick_keywords(text), palettes[(index + seed) % len(palettes)], band)
    return still, layout.with_headline(band)
