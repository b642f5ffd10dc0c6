"""Procedural scene art: layered gradients, bokeh, shapes, grain and big keyword typography.

Each picture depends on the style, the scene index and a hash of the prompt, so scenes of one
video share a look but never repeat. Where things go comes from the layout step
(`pipeline.art.layout`): 1-3 keywords from the narration in its headline box, shapes kept off
every text and face box.
"""

import hashlib
import random

import numpy as np
from PIL import Image, ImageDraw

from core.errors import InvalidInput
from pipeline.art.background import add_grain, luminance, smooth_layer
from pipeline.art.boxes import Box
from pipeline.art.crop import scene_move
from pipeline.art.keywords import pick_keywords
from pipeline.art.layout import SceneLayout, plan_scene
from pipeline.art.shapes import shape_layer
from pipeline.art.styles import RGB, Palette, Style, get_style
from pipeline.art.typography import BOLD, draw_block, fit_text, font

DEFAULT_SIZE = (1080, 1920)
MIN_SIDE, MAX_SIDE = 64, 8192
BAR_SPACE = 0.03  # of the height, under the headline: the accent bar and its gap
LIGHT_TEXT: RGB = (255, 255, 255)
DARK_TEXT: RGB = (22, 22, 30)
MIN_CONTRAST = 2.6  # accent against the background (large bold text: WCAG asks 3)
WHITE_MIN_CONTRAST = 2.2  # below this, white text (even with a shadow) reads worse than dark
ACCENT_VS_TEXT = 1.4  # an accent this close to the text colour is no highlight


def check_size(size: tuple[int, int]) -> tuple[int, int]:
    """Return `size` if both sides are drawable, else raise `InvalidInput`."""
    w, h = size
    if not (MIN_SIDE <= w <= MAX_SIDE and MIN_SIDE <= h <= MAX_SIDE):
        raise InvalidInput(
            what="image size", reason=f"{w}x{h} is outside {MIN_SIDE}-{MAX_SIDE} px"
        )
    return w, h


def resolve_style(style: Style | str) -> Style:
    """Accept a preset name or a `Style`."""
    return get_style(style) if isinstance(style, str) else style


def scene_seed(index: int, prompt: str, seed: int) -> int:
    """A stable 63-bit seed from the scene's index, prompt and the caller's seed."""
    key = f"{seed}\x1f{index}\x1f{prompt}".encode()
    return int.from_bytes(hashlib.blake2b(key, digest_size=8).digest(), "big") >> 1


def _relative_luminance(colour: RGB) -> float:
    c = np.asarray(colour, dtype=np.float32) / 255.0
    lin = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)  # noqa: PLR2004
    return float(luminance(lin[None, None, :])[0, 0])


def _contrast(a: float, b: float) -> float:
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)


def text_colours(region: Image.Image, palette: Palette) -> tuple[RGB, RGB, RGB | None]:
    """Text colour, shadow colour and a highlight accent that contrast with `region`.

    White with a dark shadow is preferred (it survives busy art); dark text is used only on
    backgrounds too light for white.
    """
    pixels = np.asarray(region.convert("RGB").resize((16, 16)), dtype=np.float32)
    mean = pixels.reshape(-1, 3).mean(axis=0)
    background = _relative_luminance((int(mean[0]), int(mean[1]), int(mean[2])))
    light = _contrast(1.0, background) < WHITE_MIN_CONTRAST
    text, shadow = (DARK_TEXT, (255, 255, 255)) if light else (LIGHT_TEXT, (0, 0, 0))
    text_lum = _relative_luminance(text)
    scored = [
        (_contrast(_relative_luminance(a), background), a)
        for a in palette.accents
        if _contrast(_relative_luminance(a), text_lum) > ACCENT_VS_TEXT
    ]
    if not scored:
        return text, shadow, None
    best_contrast, accent = max(scored)
    return text, shadow, accent if best_contrast >= MIN_CONTRAST else None


def draw_headline(canvas: Image.Image, words: list[str], palette: Palette, box: Box) -> Box:
    """Fit `words` (upper-cased) into `box` and draw them with an accent bar under them, all
    inside `box`; return the box the words and bar cover."""
    w, h = canvas.size
    left, top, right, bottom = box.pixels()
    text = " ".join(words).upper()
    bar_space = round(h * BAR_SPACE)
    block = fit_text(text, (right - left, bottom - top - bar_space), max_size=round(h * 0.11))
    x = left + (right - left - block.width) // 2
    y = top + (bottom - top - bar_space - block.height) // 2
    region = canvas.crop((x, y, x + max(block.width, 1), y + max(block.height, 1)))
    colour, shadow, accent = text_colours(region, palette)
    longest = max(text.split(), key=len)
    highlight = (longest, accent) if accent and len(words) > 1 else None
    draw_block(canvas, block, (x, y), colour, shadow, highlight=highlight)
    if accent:
        bar_w, bar_h = round(w * 0.14), max(4, round(h * 0.007))
        bar_y = y + block.height + round(h * 0.012)
        ImageDraw.Draw(canvas).rounded_rectangle(
            ((w - bar_w) // 2, bar_y, (w + bar_w) // 2, bar_y + bar_h),
            radius=bar_h // 2,
            fill=accent,
        )
    return Box(x, y, x + block.width, y + block.height + bar_space)


def draw_counter(canvas: Image.Image, index: int, total: int) -> None:
    """A small '2 / 6' pill in the top-left corner."""
    w, h = canvas.size
    face = font(BOLD, max(10, round(h * 0.02)))
    label = f"{index + 1} / {max(total, index + 1)}"
    pad_x, pad_y = round(face.size * 0.7), round(face.size * 0.35)
    x, y = round(w * 0.06), round(h * 0.035)
    text_w = round(face.getlength(label))
    overlay = Image.new("RGBA", canvas.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    box = (x, y, x + text_w + 2 * pad_x, y + face.size + 2 * pad_y)
    draw.rounded_rectangle(box, radius=(box[3] - box[1]) // 2, fill=(0, 0, 0, 110))
    draw.text((x + pad_x, y + pad_y), label, font=face, fill=(255, 255, 255, 235), anchor="la")
    canvas.paste(overlay, (0, 0), overlay)


def draw_background(  # noqa: PLR0917 (the scene's identity, then what to keep clear)
    style: Style,
    size: tuple[int, int],
    key: int,
    index: int = 0,
    seed: int = 0,
    keep_out: tuple[Box, ...] = (),
) -> tuple[Image.Image, Palette]:
    """The picture without typography: gradient, glows, bokeh, shapes (off `keep_out`), grain."""
    rng = random.Random(key)  # noqa: S311 (variety, not secrecy)
    palette = style.palettes[(index + seed) % len(style.palettes)]
    canvas = smooth_layer(size, style, palette, rng)
    shapes = shape_layer(size, style, palette, rng, keep_out)
    canvas.paste(shapes, (0, 0), shapes)
    return add_grain(canvas, style.grain, key), palette


def draw_scene(  # noqa: PLR0917 (the positional order is the renderer's contract)
    index: int,
    total: int,
    prompt: str,
    text: str,
    style: Style | str,
    size: tuple[int, int] = DEFAULT_SIZE,
    seed: int = 0,
    *,
    layout: SceneLayout | None = None,
    counter: bool = False,
) -> Image.Image:
    """Draw scene `index` of `total` as an RGB image of `size`.

    The look varies with the style, the index and a hash of `prompt`; the keywords come from
    the narration `text`; `layout` (default: the scene's move, default captions) places them.
    `counter` adds the "2 / 6" pill. Deterministic for the same arguments.
    """
    check_size(size)
    look = resolve_style(style)
    key = scene_seed(index, prompt, seed)
    layout = layout or plan_scene(size, scene_move(index))
    canvas, palette = draw_background(look, size, key, index, seed, layout.keep_out())
    draw_headline(canvas, pick_keywords(text), palette, layout.headline)
    if counter:
        draw_counter(canvas, index, total)
    return canvas
