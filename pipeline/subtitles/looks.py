"""Caption looks: colours, outline and motion per `CaptionLook`, the size and the place.

A character's brand colours replace the accent (the spoken word's colour, the box, the
karaoke fill) when they contrast enough with what is drawn on or next to them.
"""

from dataclasses import dataclass, replace

from core.captions import CaptionChoice, CaptionLook, CaptionPosition, CaptionSize
from pipeline.art.boxes import Box

# Where the platforms draw their UI on a 1080x1920 frame (captions keep clear of it); left
# mirrors right so captions stay centred.
SAFE_TOP, SAFE_BOTTOM, SAFE_SIDE = 250, 450, 120
REF_WIDTH, REF_HEIGHT = 1080, 1920
CENTRES = {CaptionPosition.MIDDLE: 0.5, CaptionPosition.LOWER: 0.65}
FONT_SHARES = {CaptionSize.MEDIUM: 0.046, CaptionSize.LARGE: 0.056}  # of the frame height
LINE_HEIGHT = 1.2  # of the font size, outline included
MAX_LINES = 2
MIN_BRAND_CONTRAST = 4.5  # WCAG AA for the brand colour against its neighbour colour


@dataclass(frozen=True, slots=True)
class CaptionStyle:
    """Look of the captions. Colours are "#RRGGBB"; sizes are for a 1080 px wide frame."""

    look: CaptionLook = CaptionLook.BOLD
    text: str = "#FFFFFF"
    highlight: str = "#FFE500"
    outline: str = "#000000"
    border: float = 6.0
    shadow: float = 3.0
    shadow_alpha: int = 0x80  # 0 = opaque, 255 = invisible
    pop: int = 110  # the spoken word's scale, percent
    centre: float = CENTRES[CaptionPosition.LOWER]  # of the height: the caption block's middle
    box_text: str = "#111111"  # the spoken word's colour on its box (look BOX)


PRESETS = {
    CaptionLook.BOLD: CaptionStyle(),
    CaptionLook.CLEAN: CaptionStyle(
        CaptionLook.CLEAN, highlight="#7DF9FF", border=4.0, shadow=2.0, shadow_alpha=0x60, pop=100
    ),
    CaptionLook.BOX: CaptionStyle(CaptionLook.BOX, highlight="#FFE500", border=5.0, pop=100),
    CaptionLook.KARAOKE: CaptionStyle(CaptionLook.KARAOKE, highlight="#FFE500", pop=100),
    CaptionLook.POP: CaptionStyle(CaptionLook.POP, highlight="#FFFFFF", pop=100),
}


def _luminance(rgb: str) -> float:
    channels = [int(rgb[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]  # noqa: PLR2004
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two "#RRGGBB" colours (1 to 21)."""
    la, lb = _luminance(a), _luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def _brand_accent(style: CaptionStyle, brand: tuple[str, ...]) -> str | None:
    """The first brand colour readable where the accent goes: on the outline (text looks)
    or under the dark box text (BOX)."""
    against = style.box_text if style.look is CaptionLook.BOX else style.outline
    for colour in brand:
        if contrast(colour, against) >= MIN_BRAND_CONTRAST:
            return colour.upper()
    return None


def caption_style(choice: CaptionChoice, brand: tuple[str, ...] = ()) -> CaptionStyle:
    """The style for `choice`, its accent taken from `brand` ("#RRGGBB") when one reads."""
    style = replace(PRESETS[choice.look], centre=CENTRES[choice.position])
    accent = _brand_accent(style, brand)
    return style if accent is None else replace(style, highlight=accent)


def font_size(height: int, size: CaptionSize = CaptionSize.MEDIUM) -> int:
    """The caption font size in pixels for a frame `height` tall (88 px at 1920, medium)."""
    return round(height * FONT_SHARES[size])


def block_centre(height: int, size: int, centre: float) -> int:
    """The caption block's vertical centre in pixels: `centre` of the height, moved inside the
    safe area with room for two lines."""
    top = SAFE_TOP * height / REF_HEIGHT + LINE_HEIGHT * size
    bottom = height - SAFE_BOTTOM * height / REF_HEIGHT - LINE_HEIGHT * size
    return round(min(max(height * centre, top), bottom))


def caption_band(choice: CaptionChoice) -> Box:
    """Where two lines of captions can be, in fractions of the frame (for the layout)."""
    size = font_size(REF_HEIGHT, choice.size)
    style = PRESETS[choice.look]
    centre = block_centre(REF_HEIGHT, size, CENTRES[choice.position])
    half = MAX_LINES * LINE_HEIGHT * size * max(style.pop, 100) / 100 / 2 + style.border
    side = SAFE_SIDE / REF_WIDTH
    return Box(side, (centre - half) / REF_HEIGHT, 1 - side, (centre + half) / REF_HEIGHT)


def ass_colour(rgb: str, alpha: int = 0) -> str:
    """ "#RRGGBB" as ASS writes it: &HAABBGGRR (alpha 0 is opaque)."""
    red, green, blue = rgb[1:3], rgb[3:5], rgb[5:7]
    return f"&H{alpha:02X}{blue}{green}{red}".upper()
