"""ASS captions with the spoken word highlighted, placed in the Shorts/Reels/TikTok safe area."""

from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.subtitles.cards import Card, is_spoken
from pipeline.subtitles.fonts import ROBOTO_BLACK

# Platform UI on a 1080x1920 frame: title/search at the top, caption/buttons at the bottom,
# the like/comment/share column on the right. Left mirrors right so captions stay centred.
SAFE_TOP, SAFE_BOTTOM, SAFE_SIDE = 250, 450, 120
_REF_WIDTH, _REF_HEIGHT = 1080, 1920
# Average advance of upper-case Roboto Black text, spaces included, in ems (measured 0.57-0.60;
# wide Cyrillic letters push it up).
_EM_PER_CHAR = 0.65
_FORMAT_STYLE = (
    "Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, "
    "Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, "
    "Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding"
)
_FORMAT_EVENT = "Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text"


@dataclass(frozen=True, slots=True)
class CaptionStyle:
    """Look of the captions. Colours are "#RRGGBB"; sizes are for a 1080 px wide frame."""

    text: str = "#FFFFFF"
    highlight: str = "#FFE500"
    outline: str = "#000000"
    border: float = 6.0
    shadow: float = 3.0
    shadow_alpha: int = 0x80  # 0 = opaque, 255 = invisible
    pop: int = 110  # the spoken word's scale, percent
    centre: float = 0.62  # vertical centre of the caption block, as a fraction of the height


PRESETS = {
    "bold": CaptionStyle(),
    "clean": CaptionStyle(highlight="#00E5FF", border=4.0, shadow=0.0, pop=105),
}


def default_font_size(height: int) -> int:
    """88 px on a 1920 px tall frame, scaled with the height."""
    return round(height * 0.046)


def line_chars(width: int, font_size: int, style: CaptionStyle = PRESETS["bold"]) -> int:
    """How many upper-case characters fit one caption line (the cards' `max_chars`)."""
    usable = width * (1 - 2 * SAFE_SIDE / _REF_WIDTH)
    return int(usable / (font_size * _EM_PER_CHAR * style.pop / 100))


def _colour(rgb: str, alpha: int = 0) -> str:
    red, green, blue = rgb[1:3], rgb[3:5], rgb[5:7]
    return f"&H{alpha:02X}{blue}{green}{red}".upper()


def _time(seconds: float) -> str:
    cs = (round(seconds * 1000) + 5) // 10  # half up from whole milliseconds
    return f"{cs // 360000}:{cs // 6000 % 60:02}:{cs // 100 % 60:02}.{cs % 100:02}"


def escape(text: str) -> str:
    """Make user text literal for libass: `\\{` and `\\}` are its brace escapes; a word joiner
    after a backslash stops `\\N`, `\\h` and the like (the same trick mpv uses)."""
    return text.replace("\\", "\\\u2060").replace("{", "\\{").replace("}", "\\}")


def build_ass(
    cards: Sequence[Card],
    *,
    width: int = _REF_WIDTH,
    height: int = _REF_HEIGHT,
    font: str = ROBOTO_BLACK,
    font_size: int | None = None,
    style: CaptionStyle = PRESETS["bold"],
) -> str:
    """Render cards as an ASS script: one event per spoken word, at that word's times.

    Each event shows the whole card upper-cased, the spoken word in the highlight colour
    and scaled up by `style.pop`. Words with no duration (bare punctuation) are shown but
    never highlighted.
    """
    size = font_size or default_font_size(height)
    scale = width / _REF_WIDTH
    side = round(SAFE_SIDE * scale)
    x = width // 2
    # Room for two wrapped lines inside the safe area, whatever `style.centre` asks for.
    top = SAFE_TOP * height / _REF_HEIGHT + 1.2 * size
    bottom = height - SAFE_BOTTOM * height / _REF_HEIGHT - 1.2 * size
    y = round(min(max(height * style.centre, top), bottom))
    hl = f"{{\\c{_colour(style.highlight)}&\\fscx{style.pop}\\fscy{style.pop}}}"
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
        f"Style: Caption,{font},{size},{_colour(style.text)},{_colour(style.text)},"
        f"{_colour(style.outline)},{_colour(style.outline, style.shadow_alpha)},-1,0,0,0,"
        f"100,100,0,0,1,{style.border * scale:g},{style.shadow * scale:g},5,{side},{side},0,1",
        "",
        "[Events]",
        f"Format: {_FORMAT_EVENT}",
    ]
    for card in cards:
        texts = [escape(word.text.upper()) for word in card.words]
        for i, word in enumerate(card.words):
            start, end = _time(word.start), _time(word.end)
            if not is_spoken(word) or start == end:
                continue
            shown = [*texts[:i], f"{hl}{texts[i]}{{\\r}}", *texts[i + 1 :]]
            text = f"{{\\pos({x},{y})}}" + " ".join(shown)
            lines.append(f"Dialogue: 0,{start},{end},Caption,,0,0,0,,{text}")
    return "\n".join(lines) + "\n"
