"""Big poster typography with Roboto: fonts, wrapping and auto-fit, drawing with a soft shadow."""

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import font_roboto
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from pipeline.art.styles import RGB

FONT_DIR = Path(font_roboto.font_directory)
BLACK = "Roboto-Black.ttf"
BOLD = "Roboto-Bold.ttf"
LINE_SPACING = 1.08


@lru_cache(maxsize=64)
def font(name: str, size: int) -> ImageFont.FreeTypeFont:
    """Roboto `name` (a file in font_roboto's folder) at `size` pixels, cached."""
    return ImageFont.truetype(str(FONT_DIR / name), size)


@dataclass(frozen=True, slots=True)
class TextBlock:
    """Wrapped lines at a fitted font size, with the block's measured size."""

    lines: tuple[str, ...]
    font: ImageFont.FreeTypeFont
    width: int
    height: int
    line_height: int


def _wrap(words: list[str], face: ImageFont.FreeTypeFont, max_width: float) -> list[str]:
    lines: list[str] = []
    for word in words:
        if lines and face.getlength(f"{lines[-1]} {word}") <= max_width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def _measure(lines: list[str], face: ImageFont.FreeTypeFont) -> TextBlock:
    ascent, descent = face.getmetrics()
    line_height = round((ascent + descent) * LINE_SPACING)
    width = max(round(face.getlength(line)) for line in lines)
    return TextBlock(tuple(lines), face, width, line_height * len(lines), line_height)


def fit_text(
    text: str, box: tuple[int, int], name: str = BLACK, max_size: int = 400, max_lines: int = 3
) -> TextBlock:
    """The largest font size at which `text` wraps into `box` (width, height) in few lines."""
    words = text.split() or [" "]
    low, high = 8, max(9, max_size)
    best = _measure(_wrap(words, font(name, low), box[0]), font(name, low))
    while low <= high:
        size = (low + high) // 2
        face = font(name, size)
        lines = _wrap(words, face, box[0])
        block = _measure(lines, face)
        if len(lines) <= max_lines and block.width <= box[0] and block.height <= box[1]:
            best, low = block, size + 1
        else:
            high = size - 1
    return best


def draw_block(
    canvas: Image.Image,
    block: TextBlock,
    origin: tuple[int, int],
    colour: RGB,
    shadow: RGB,
    *,
    align: str = "center",
    highlight: tuple[str, RGB] | None = None,
) -> None:
    """Draw `block` on an RGB `canvas` at `origin` (top-left) with a soft shadow and a stroke.

    `highlight` = (word, colour) paints that word in an accent colour.
    """
    size = round(block.font.size)
    pad = round(size * 0.4)
    box_w = block.width + 2 * pad
    mask = Image.new("L", (box_w, block.height + 2 * pad), 0)
    mask_draw = ImageDraw.Draw(mask)
    positions = []
    for row, line in enumerate(block.lines):
        line_w = block.font.getlength(line)
        x = pad + (block.width - line_w) / 2 if align == "center" else pad
        y = pad + row * block.line_height
        positions.append((x, y, line))
        mask_draw.text((x, y), line, font=block.font, fill=255)
    blurred = mask.filter(ImageFilter.GaussianBlur(max(2, size // 14)))
    offset = max(2, size // 28)
    ox, oy = origin[0] - pad, origin[1] - pad
    shade = Image.new("RGBA", mask.size, (*shadow, 0))
    shade.putalpha(blurred.point(lambda v: v * 7 // 10))
    canvas.paste(shade, (ox + offset, oy + offset), shade)
    draw = ImageDraw.Draw(canvas)
    stroke = max(1, size // 40)
    for x, y, line in positions:
        cursor = x
        for word in line.split(" "):
            fill = highlight[1] if highlight and word == highlight[0] else colour
            draw.text(
                (ox + cursor, oy + y),
                word,
                font=block.font,
                fill=fill,
                stroke_width=stroke,
                stroke_fill=shadow,
            )
            cursor += block.font.getlength(f"{word} ")
