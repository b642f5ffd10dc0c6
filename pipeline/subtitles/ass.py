"""ASS captions with the spoken word marked, placed in the Shorts/Reels/TikTok safe area.

The script's header (play resolution, the styles) is built here; the events of each caption
look are in `ass_events.py`.
"""

from collections.abc import Sequence

from core.captions import CaptionLook, CaptionSize
from pipeline.subtitles.ass_events import EventBuilder, box_events, fill_events, word_events
from pipeline.subtitles.cards import Card
from pipeline.subtitles.fonts import ROBOTO_BLACK
from pipeline.subtitles.looks import (
    PRESETS,
    REF_WIDTH,
    SAFE_BOTTOM,
    SAFE_SIDE,
    SAFE_TOP,
    CaptionStyle,
    ass_colour,
    block_centre,
    font_size,
)

__all__ = [
    "PRESETS",
    "SAFE_BOTTOM",
    "SAFE_SIDE",
    "SAFE_TOP",
    "CaptionStyle",
    "build_ass",
    "default_font_size",
    "escape",
    "line_chars",
]

# Average advance of upper-case Roboto Black text, spaces included, in ems (measured 0.57-0.60;
# wide Cyrillic letters push it up).
_EM_PER_CHAR = 0.65
_FORMAT_STYLE = (
    "Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, "
    "Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, "
    "Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding"
)
_FORMAT_EVENT = "Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text"
_BUILDERS: dict[CaptionLook, EventBuilder] = {
    CaptionLook.BOLD: word_events,
    CaptionLook.CLEAN: word_events,
    CaptionLook.POP: word_events,
    CaptionLook.BOX: box_events,
    CaptionLook.KARAOKE: fill_events,
}


def default_font_size(height: int) -> int:
    """88 px on a 1920 px tall frame, scaled with the height."""
    return font_size(height, CaptionSize.MEDIUM)


def line_chars(width: int, font_size: int, style: CaptionStyle = PRESETS[CaptionLook.BOLD]) -> int:
    """How many upper-case characters fit one caption line (the cards' `max_chars`)."""
    usable = width * (1 - 2 * SAFE_SIDE / REF_WIDTH)
    return int(usable / (font_size * _EM_PER_CHAR * max(style.pop, 100) / 100))


def escape(text: str) -> str:
    """Make user text literal for libass: `\\{` and `\\}` are its brace escapes; a word joiner
    after a backslash stops `\\N`, `\\h` and the like (the same trick mpv uses)."""
    return text.replace("\\", "\\\u2060").replace("{", "\\{").replace("}", "\\}")


def _style_lines(style: CaptionStyle, font: str, size: int, scale: float, side: int) -> list[str]:
    text, outline = ass_colour(style.text), ass_colour(style.outline)
    back = ass_colour(style.outline, style.shadow_alpha)
    tail = f"{style.border * scale:g},{style.shadow * scale:g},5,{side},{side},0,1"
    lines = [
        f"Style: Caption,{font},{size},{text},{text},{outline},{back},-1,0,0,0,"
        f"100,100,0,0,1,{tail}"
    ]
    if style.look is CaptionLook.KARAOKE:  # filled: the accent; before its turn: the text
        lines = [
            f"Style: Caption,{font},{size},{ass_colour(style.highlight)},{text},{outline},"
            f"{back},-1,0,0,0,100,100,0,0,1,{tail}"
        ]
    if style.look is CaptionLook.BOX:  # border style 3: the outline colour fills a box
        pad = f"{size * 0.18:g},0,5,{side},{side},0,1"
        lines.append(
            f"Style: Box,{font},{size},{ass_colour(style.box_text)},"
            f"{ass_colour(style.box_text)},{ass_colour(style.highlight)},"
            f"{ass_colour(style.highlight)},-1,0,0,0,100,100,0,0,3,{pad}"
        )
    return lines


def build_ass(
    cards: Sequence[Card],
    *,
    width: int = REF_WIDTH,
    height: int = 1920,
    font: str = ROBOTO_BLACK,
    font_size: int | None = None,
    style: CaptionStyle = PRESETS[CaptionLook.BOLD],
) -> str:
    """Render cards as an ASS script in `style`'s look, upper-cased.

    Words with no duration (bare punctuation) are shown but never marked as spoken.
    """
    size = font_size or default_font_size(height)
    scale = width / REF_WIDTH
    side = round(SAFE_SIDE * scale)
    # Room for two wrapped lines inside the safe area, whatever `style.centre` asks for.
    position = (width // 2, block_centre(height, size, style.centre))
    lines = [
        "[Script Info]",
        "; Shorts Factory captions",
        "ScriptType: v4.00+",
        f"PlayResX: {width}",
        f"PlayResY: {height}",
        "WrapStyle: 0",
        "ScaledBorderAndShadow: yes",
        "YCbCr Matrix: None",
        "",
        "[V4+ Styles]",
        f"Format: {_FORMAT_STYLE}",
        *_style_lines(style, font, size, scale, side),
        "",
        "[Events]",
        f"Format: {_FORMAT_EVENT}",
    ]
    build = _BUILDERS[style.look]
    for card in cards:
        texts = [escape(word.text.upper()) for word in card.words]
        lines.extend(build(card, texts, style, position))
    return "\n".join(lines) + "\n"
