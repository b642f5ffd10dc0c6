"""WCAG contrast measured on rendered caption frames: a glyph's fill against what is right
around it on screen (its outline, its box, or the picture where neither covers it).

The fill is found by colour on the render over flat grey (`caption_frames`); the ring is the
pixels 2 px outside the fill (past the anti-aliased edge, inside a 2 px outline at 360 px
wide); both are read on the render over the hostile still.
"""

from dataclasses import dataclass

import numpy as np

from core.captions import CaptionChoice, CaptionLook
from pipeline.subtitles.looks import caption_style

MATCH = 48.0  # RGB distance within which a pixel is a palette colour (x264 at crf 12)
MIN_PIXELS = 30  # fewer fill pixels than this is not a glyph worth measuring


def luminance(rgb: np.ndarray) -> np.ndarray:
    """WCAG relative luminance of RGB pixels (..., 3) in 0-255."""
    c = rgb.astype(float) / 255
    linear = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return np.asarray(linear @ np.array([0.2126, 0.7152, 0.0722]))


def ratio(a: float, b: float) -> float:
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)


def dilate(mask: np.ndarray, radius: int) -> np.ndarray:
    """A square dilation by shifting (numpy only)."""
    out = mask.copy()
    padded = np.pad(mask, radius)
    h, w = mask.shape
    for dy in range(2 * radius + 1):
        for dx in range(2 * radius + 1):
            out |= padded[dy : dy + h, dx : dx + w]
    return out


@dataclass(frozen=True, slots=True)
class Measured:
    look: CaptionLook
    fill: str  # the glyphs' colour as the style says, "#RRGGBB"
    picture: str  # the half of the hostile still they are on
    ratio: float
    pixels: int


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def fill_colours(look: CaptionLook) -> set[str]:
    """The colours the look draws its letters in (the box look's accent is the box)."""
    style = caption_style(CaptionChoice(look=look))
    if look is CaptionLook.BOX:
        return {style.text, style.box_text}
    return {style.text, style.highlight}


def _fill_masks(look: CaptionLook, grey: np.ndarray) -> dict[str, np.ndarray]:
    """The pixels of each fill colour on the grey render; box text only on its box (the
    outline's black is close to it)."""
    style = caption_style(CaptionChoice(look=look))
    palette = ["#808080", style.outline, style.text, style.highlight, style.box_text]
    fills = sorted(fill_colours(look))
    colours = np.array([_rgb(c) for c in palette], dtype=float)
    distance = np.linalg.norm(grey[..., None, :].astype(float) - colours, axis=-1)
    nearest = np.where(distance.min(axis=-1) < MATCH, distance.argmin(axis=-1), -1)
    masks = {fill: nearest == palette.index(fill) for fill in fills}
    if look is CaptionLook.BOX:
        ys, xs = np.nonzero(nearest == palette.index(style.highlight))
        on_box = np.zeros(grey.shape[:2], bool)
        on_box[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1] = True
        masks[style.box_text] &= on_box
    return masks


def measure(look: CaptionLook, grey: np.ndarray, hostile: np.ndarray) -> list[Measured]:
    """Fill against ring, per fill colour and per half of the hostile still (white, yellow)."""
    masks = _fill_masks(look, grey)
    any_fill = np.logical_or.reduce(list(masks.values()))
    width = grey.shape[1]
    halves = {"white": slice(0, width // 2), "yellow": slice(width // 2, width)}
    found = []
    for fill, mask in masks.items():
        ring = dilate(mask, 2) & ~dilate(mask, 1) & ~any_fill
        for picture, columns in halves.items():
            glyphs, around = mask[:, columns], ring[:, columns]
            if glyphs.sum() < MIN_PIXELS:
                continue
            seen = hostile[:, columns]
            lit = float(np.median(luminance(seen[glyphs])))
            back = float(np.median(luminance(seen[around])))
            found.append(Measured(look, fill, picture, ratio(lit, back), int(glyphs.sum())))
    return found
