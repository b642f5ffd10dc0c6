"""Caption fonts: the bundled Roboto Black and the system fallback.

Coverage, checked with each TTF's cmap:
- Roboto Black (pip `font-roboto`, static TTFs) covers Latin, Latin Extended, Greek, Cyrillic
  (Russian, Ukrainian, Belarusian, Serbian, Kazakh...) and common punctuation and symbols.
  It has no CJK, Arabic, Hebrew, Devanagari, Thai or emoji.
- DejaVu Sans (every Debian machine) adds Armenian, Georgian, Hebrew, basic Arabic and many
  symbols, but has no CJK or colour emoji either. libass falls back through fontconfig for
  glyphs the named font lacks; a machine with no CJK font draws nothing for them.
"""

import functools
from pathlib import Path

import font_roboto

ROBOTO_BLACK = "Roboto Black"
FALLBACK = "DejaVu Sans"
_NO_GLYPH = ".notdef"


def fonts_dir() -> Path:
    """The folder of static Roboto TTFs, for `subtitles=...:fontsdir=`."""
    return Path(font_roboto.font_directory)


def font_for(text: str) -> str:
    """Return "Roboto Black" if it has a glyph for every character of `text`, else the fallback."""
    covered = _cmap(fonts_dir() / "Roboto-Black.ttf")
    needed = {ord(ch) for ch in text if not ch.isspace()}
    return ROBOTO_BLACK if needed <= covered else FALLBACK


@functools.cache
def _cmap(path: Path) -> frozenset[int]:
    """Code points mapped to a real glyph by the font's best Unicode cmap."""
    from fontTools.ttLib import TTFont  # noqa: PLC0415 (70 ms, only when captions are made)

    with TTFont(path, lazy=True) as font:
        best: dict[int, str] = font.getBestCmap() or {}
    return frozenset(code for code, glyph in best.items() if glyph != _NO_GLYPH)
