"""Smooth background layers in numpy: gradient, light spots, bokeh, vignette and grain.

Everything smooth is computed at a quarter of the final size and upscaled once, which keeps a
1080x1920 background at a few tens of milliseconds; only the grain is made at full size.
"""

import math
import random
from typing import Any

import numpy as np
from numpy.typing import NDArray
from PIL import Image, ImageChops, ImageDraw, ImageFilter

from pipeline.art.styles import RGB, Palette, Style

Array = NDArray[np.floating[Any]]
SCALE = 4  # the smooth layers are drawn at 1/SCALE of the final size
GRAIN_TILE = 384
CAPTION_BAND = (0.52, 0.8)  # fraction of the height where burned captions live


def _rgb(colour: RGB) -> Array:
    return np.asarray(colour, dtype=np.float32) / 255.0


def _smoothstep(t: Array) -> Array:
    t = np.clip(t, 0.0, 1.0)
    return t * t * (3.0 - 2.0 * t)


def gradient(w: int, h: int, stops: tuple[RGB, RGB, RGB], angle: float) -> Array:
    """A three-stop linear gradient at `angle` radians, eased between stops."""
    aspect = h / w
    x = (np.arange(w, dtype=np.float32) / max(w - 1, 1) - 0.5)[None, :]
    y = (np.arange(h, dtype=np.float32) / max(h - 1, 1) - 0.5)[:, None] * aspect
    t = x * math.cos(angle) + y * math.sin(angle)
    span = 0.5 * (abs(math.cos(angle)) + aspect * abs(math.sin(angle)))
    t = (t / span + 1.0) / 2.0
    first = _smoothstep(t * 2.0)[..., None]
    second = _smoothstep(t * 2.0 - 1.0)[..., None]
    a, b, c = (_rgb(s) for s in stops)
    return (a + (b - a) * first + (c - b) * second).astype(np.float32)


def _screen(base: Array, colour: Array, alpha: Array) -> Array:
    return 1.0 - (1.0 - base) * (1.0 - colour * alpha)


def light_spots(
    img: Array, accents: tuple[RGB, ...], strength: float, rng: random.Random
) -> Array:
    """Add 2-3 large soft radial glows in accent colours (screen blend)."""
    h, w, _ = img.shape
    y = (np.arange(h, dtype=np.float32) / h)[:, None]
    x = (np.arange(w, dtype=np.float32) / w)[None, :]
    for _ in range(rng.randint(2, 3)):
        cx, cy = rng.uniform(-0.1, 1.1), rng.uniform(-0.05, 1.05)
        radius = rng.uniform(0.25, 0.55)
        d2 = ((x - cx) ** 2 + ((y - cy) * h / w) ** 2) / (radius * radius)
        alpha = (np.exp(-d2 * 2.2) * strength * rng.uniform(0.55, 1.0))[..., None]
        img = _screen(img, _rgb(rng.choice(accents)), alpha)
    return img


def bokeh(img: Array, style: Style, palette: Palette, rng: random.Random) -> Array:
    """Soft out-of-focus discs: a far, very blurred layer and a nearer, crisper one."""
    h, w, _ = img.shape
    count = rng.randint(*style.bokeh_count)
    for blur, share in ((w / 40, 0.6), (w / 140, 0.4)):
        layer = Image.new("RGBA", (w, h), (0, 0, 0, 0))
        draw = ImageDraw.Draw(layer)
        for _ in range(max(1, round(count * share))):
            r = rng.uniform(0.015, 0.07) * w * (1.6 if share > 0.5 else 1.0)  # noqa: PLR2004
            cx, cy = rng.uniform(0, w), rng.uniform(0, h)
            colour = rng.choice([*palette.accents, (255, 255, 255)])
            alpha = int(255 * style.bokeh_alpha * rng.uniform(0.35, 1.0))
            draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=(*colour, alpha))
        layer = layer.filter(ImageFilter.GaussianBlur(max(blur, 0.6)))
        rgba = np.asarray(layer, dtype=np.float32) / 255.0
        img = _screen(img, rgba[..., :3], rgba[..., 3:4])
    return img


def vignette(img: Array, strength: float, band_shade: float) -> Array:
    """Darken the corners, and the caption band a little when the picture is dark."""
    h, w, _ = img.shape
    y = (np.arange(h, dtype=np.float32) / max(h - 1, 1) * 2.0 - 1.0)[:, None]
    x = (np.arange(w, dtype=np.float32) / max(w - 1, 1) * 2.0 - 1.0)[None, :]
    r2 = np.clip((x * x + y * y) / 2.0, 0.0, 1.0)
    shade = 1.0 - strength * r2**1.4
    top, bottom = CAPTION_BAND
    yy = (y + 1.0) / 2.0
    band = _smoothstep((yy - top + 0.12) / 0.2) * _smoothstep((bottom + 0.12 - yy) / 0.2)
    shade = shade * (1.0 - band_shade * band)
    shaded: Array = img * shade[..., None]
    return shaded


def luminance(img: Array) -> Array:
    """Relative luminance (0..1) of a float RGB array, per pixel."""
    return img @ np.asarray([0.2126, 0.7152, 0.0722], dtype=np.float32)


def smooth_layer(
    size: tuple[int, int], style: Style, palette: Palette, rng: random.Random
) -> Image.Image:
    """Gradient, glows, bokeh and vignette at 1/4 size, upscaled to `size`."""
    w, h = max(size[0] // SCALE, 8), max(size[1] // SCALE, 8)
    stops = palette.background if rng.random() < 0.6 else palette.background[::-1]  # noqa: PLR2004
    angle = rng.uniform(0.35, 1.25) * math.pi * rng.choice((1, -1))
    img = gradient(w, h, stops, angle)
    img = light_spots(img, palette.accents, style.glow, rng)
    img = bokeh(img, style, palette, rng)
    band_shade = 0.08 if float(luminance(img).mean()) < 0.5 else 0.0  # noqa: PLR2004
    img = vignette(img, style.vignette, band_shade)
    small = Image.fromarray(np.clip(img * 255.0 + 0.5, 0, 255).astype(np.uint8), "RGB")
    return small.resize(size, Image.Resampling.BICUBIC)


def add_grain(image: Image.Image, amount: float, seed: int) -> Image.Image:
    """Add monochrome film grain with standard deviation `amount` (0-255 units).

    A seeded noise tile is repeated from a random offset and added in C by `ImageChops`:
    about 12 ms at 1080x1920, against 80 ms for full-size float noise.
    """
    if amount <= 0:
        return image
    rng = np.random.default_rng(seed)
    noise = rng.standard_normal((GRAIN_TILE, GRAIN_TILE), dtype=np.float32) * amount + 128.0
    tile = np.clip(noise, 0, 255).astype(np.uint8)
    reps = (image.height // GRAIN_TILE + 2, image.width // GRAIN_TILE + 2)
    oy, ox = (int(v) for v in rng.integers(0, GRAIN_TILE, 2))
    full = np.tile(tile, reps)[oy : oy + image.height, ox : ox + image.width]
    grain = Image.fromarray(np.ascontiguousarray(full), "L")
    rgb = Image.merge("RGB", (grain, grain, grain))
    return ImageChops.add(image.convert("RGB"), rgb, scale=1.0, offset=-128)
