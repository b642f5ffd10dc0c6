"""The offline character preview: a scene as the Short's will look, with the character.

The person is cut out of the main photo and composited into the style's procedural art, as
the scenes of a Short are (pipeline/faces). When the cut-out is unavailable (no
segmentation model) the photo is shown whole in a rounded card instead (cover-cropped to
4:5, faces kept near the top). The brand colours replace the style's accents (and rim the
card); the name and the description are the caption.
"""

from dataclasses import dataclass, replace
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

from pipeline.art.photos import cover
from pipeline.art.procedural import draw_background, text_colours
from pipeline.art.styles import RGB, Palette, Style, get_style, hex_rgb
from pipeline.art.typography import BOLD, draw_block, fit_text
from pipeline.faces.compose import compose_person
from pipeline.faces.cutout import Cutout
from pipeline.faces.placement import plan_placement
from pipeline.user_media.images import open_photo

SIZE = (1080, 1920)
CARD_WIDTH, CARD_TOP, CARD_ASPECT = 0.78, 0.12, 1.25  # of the canvas width/height; h = w * 1.25
BORDER, RADIUS, SHADOW_BLUR = 14, 48, 28
NAME_BOX = (0.08, 0.7, 0.92, 0.78)  # left, top, right, bottom as fractions of the size
ABOUT_BOX = (0.1, 0.79, 0.9, 0.88)
ABOUT_CHARS = 140  # a longer description is cut at a word, with an ellipsis
SWATCH_TOP = 0.905
LOGO_MAX = 0.16  # of the canvas width
SWATCH = 0.035  # diameter of a colour dot, of the canvas width


@dataclass(frozen=True, slots=True)
class PreviewSpec:
    """What the preview shows; paths are absolute."""

    name: str
    description: str
    photo: Path
    style: str
    colours: tuple[str, ...]
    logo: Path | None
    seed: int
    cutout: Cutout | None = None  # the person cut out of `photo`; None: frame the photo


def branded(style: Style, colours: tuple[str, ...]) -> Style:
    """The style with its accent colours replaced by the brand colours (cycled to three)."""
    if not colours:
        return style
    rgb = [hex_rgb(colour) for colour in colours]
    accents = (rgb[0], rgb[1 % len(rgb)], rgb[2 % len(rgb)])
    return replace(style, palettes=tuple(Palette(p.background, accents) for p in style.palettes))


def _rounded_mask(size: tuple[int, int], radius: int) -> Image.Image:
    mask = Image.new("L", size, 0)
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, size[0] - 1, size[1] - 1), radius, fill=255)
    return mask


def _paste_card(
    canvas: Image.Image, photo: Image.Image, frame: tuple[int, int, int, int], rim: RGB
) -> None:
    """The photo in a rounded frame of colour `rim`, with a soft shadow under it."""
    x, y, w, h = frame
    outer = (w + 2 * BORDER, h + 2 * BORDER)
    outer_mask = _rounded_mask(outer, RADIUS + BORDER)
    shadow = Image.new("RGBA", canvas.size, (0, 0, 0, 0))
    shadow.paste((0, 0, 0, 150), (x - BORDER + 10, y - BORDER + 22), outer_mask)
    shadow = shadow.filter(ImageFilter.GaussianBlur(SHADOW_BLUR))
    canvas.paste(shadow, (0, 0), shadow)
    canvas.paste(rim, (x - BORDER, y - BORDER), outer_mask)
    inner = cover(photo.convert("RGB"), (w, h), top_bias=0.3)
    canvas.paste(inner, (x, y), _rounded_mask((w, h), RADIUS))


def _compose(canvas: Image.Image, cutout: Cutout, palette: Palette, seed: int) -> Image.Image:
    """The person placed as a scene of a Short places them."""
    with Image.open(cutout.path) as image:
        person = image.convert("RGBA")
    plan = plan_placement(seed, canvas.size, person.size, cutout.face, cut=cutout.touches_bottom)
    return compose_person(canvas, person, cutout.face, plan, palette)


def draw_preview(spec: PreviewSpec) -> Image.Image:
    """Draw the 1080x1920 preview (CPU-bound: run it in a thread)."""
    width, height = SIZE
    style = branded(get_style(spec.style), spec.colours)
    canvas, palette = draw_background(style, SIZE, spec.seed)
    if spec.cutout is not None:
        canvas = _compose(canvas, spec.cutout, palette, spec.seed)
    else:
        w = round(width * CARD_WIDTH)
        frame = ((width - w) // 2, round(height * CARD_TOP), w, round(w * CARD_ASPECT))
        rim: RGB = hex_rgb(spec.colours[0]) if spec.colours else (255, 255, 255)
        with open_photo(spec.photo, reduce_to=(frame[2], frame[3])) as photo:
            _paste_card(canvas, photo, frame, rim)
    _draw_text(canvas, palette, spec.name, NAME_BOX, max_size=140, max_lines=2)
    if spec.description:
        _draw_text(canvas, palette, shorten(spec.description), ABOUT_BOX, max_size=54, max_lines=3)
    _draw_swatches(canvas, spec.colours, round(height * SWATCH_TOP))
    if spec.logo is not None:
        _paste_logo(canvas, spec.logo)
    return canvas


def shorten(text: str, limit: int = ABOUT_CHARS) -> str:
    """`text` on one line, cut at a word boundary to at most `limit` characters plus "…"."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    return flat[:limit].rsplit(" ", 1)[0].rstrip(",.;:-") + "…"


def _draw_text(
    canvas: Image.Image,
    palette: Palette,
    text: str,
    box: tuple[float, float, float, float],
    *,
    max_size: int,
    max_lines: int,
) -> None:
    """Fit `text` into `box` (fractions of the canvas) and draw it centred, readable on the art."""
    left, top, right, bottom = (round(v * canvas.size[i % 2]) for i, v in enumerate(box))
    block = fit_text(text, (right - left, bottom - top), BOLD, max_size, max_lines)
    origin = (left + (right - left - block.width) // 2, top + (bottom - top - block.height) // 2)
    region = canvas.crop((*origin, origin[0] + block.width, origin[1] + block.height))
    colour, shadow, _ = text_colours(region, palette)
    draw_block(canvas, block, origin, colour, shadow)


def _draw_swatches(canvas: Image.Image, colours: tuple[str, ...], top: int) -> None:
    """A row of brand-colour dots, centred, with a white ring so dark ones still show."""
    size = round(canvas.width * SWATCH)
    gap = size // 2
    left = (canvas.width - len(colours) * size - (len(colours) - 1) * gap) // 2
    draw = ImageDraw.Draw(canvas)
    for i, colour in enumerate(colours):
        x = left + i * (size + gap)
        draw.ellipse(
            (x, top, x + size, top + size), fill=hex_rgb(colour), outline="white", width=4
        )


def _paste_logo(canvas: Image.Image, logo_path: Path) -> None:
    """The logo, at most LOGO_MAX of the width, in the top-right corner."""
    with open_photo(logo_path, reduce_to=round(canvas.width * LOGO_MAX)) as logo:
        scale = min(1.0, canvas.width * LOGO_MAX / max(logo.width, logo.height))
        size = (max(1, round(logo.width * scale)), max(1, round(logo.height * scale)))
        small = logo.convert("RGBA").resize(size, Image.Resampling.LANCZOS)
    margin = round(canvas.width * 0.05)
    canvas.paste(small, (canvas.width - margin - size[0], margin), small)
