"""The plan's mark: one line of text burned into every frame by libass, as the captions are.

The graph ends in a `subtitles` filter reading a tiny ASS script (written beside the graph
script, like the stills' list), so the mark costs one blend of a small cached bitmap per
frame: no second encode, no extra input. It sits after the intro/outro cards and the logo
are joined, so every frame carries it, in the bottom-left corner of the platforms' safe
area: above their account name and description, away from the like column (right), the
logo (top right) and the procedural art's headline and page pill (top third, top left), and
below the captions (about 62 % down, two lines at most). White, semi-transparent, with a
soft shadow (libass blurs the faint outline and the shadow, the fill stays sharp) so it reads
on light and dark scenes.
"""

from pathlib import Path

from pipeline.ffmpeg.escape import filter_value
from pipeline.ffmpeg.spec import WatermarkSpec
from pipeline.subtitles.ass import SAFE_BOTTOM, escape

MARK_SIZE = 0.04  # font size, of the frame height
MARK_MARGIN = 0.035  # from the left edge, of the frame width (the logo's margin)
FILL = "&H4DFFFFFF"  # white, 70 % opaque (ASS alpha: 0 opaque, FF invisible)
OUTLINE = "&HB4000000"  # black, 30 % opaque: only what the blur spreads into a soft halo
SHADOW = "&H80000000"  # black, 50 % opaque
_REF_HEIGHT = 1920  # the height SAFE_BOTTOM is measured on


def mark_script(mark: WatermarkSpec, width: int, height: int) -> str:
    """The ASS script that shows `mark.text` for the whole Short (and any length of it)."""
    size = max(round(height * MARK_SIZE), 8)
    x, y = round(width * MARK_MARGIN), round(height - SAFE_BOTTOM * height / _REF_HEIGHT)
    outline, shadow, blur = size / 40, size / 25, size / 20
    lines = [
        "[Script Info]",
        "; Shorts Factory watermark",
        "ScriptType: v4.00+",
        f"PlayResX: {width}",
        f"PlayResY: {height}",
        "WrapStyle: 2",  # one line, never wrapped
        "ScaledBorderAndShadow: yes",
        "YCbCr Matrix: None",
        "",
        "[V4+ Styles]",
        "Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, "
        "BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, "
        "BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding",
        # Alignment 1: the position below is the text's bottom-left corner.
        f"Style: Mark,{mark.font},{size},{FILL},{FILL},{OUTLINE},{SHADOW},-1,0,0,0,"
        f"100,100,0,0,1,{outline:.2f},{shadow:.2f},1,0,0,0,1",
        "",
        "[Events]",
        "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text",
        "Dialogue: 0,0:00:00.00,9:59:59.99,Mark,,0,0,0,,"
        f"{{\\pos({x},{y})\\blur{blur:.2f}}}{escape(mark.text)}",
    ]
    return "\n".join(lines) + "\n"


def mark_filter(script: Path, fonts_dir: Path) -> str:
    """The filter that burns the mark written to `script` (options only, no labels)."""
    return f"subtitles=filename={filter_value(script)}:fontsdir={filter_value(fonts_dir)}"
