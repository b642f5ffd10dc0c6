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
import struct
from pathlib import Path

import font_roboto

ROBOTO_BLACK = "Roboto Black"
FALLBACK = "DejaVu Sans"
_LAST_SEGMENT_END = 0xFFFF  # format 4 ends with a 0xFFFF segment that maps nothing


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
    """Code points mapped to a real glyph by the font's Unicode cmap (format 4 or 12)."""
    data = path.read_bytes()
    (num_tables,) = struct.unpack_from(">H", data, 4)
    tables = {
        data[12 + 16 * i : 16 + 16 * i]: struct.unpack_from(">I", data, 20 + 16 * i)[0]
        for i in range(num_tables)
    }
    cmap = tables[b"cmap"]
    (count,) = struct.unpack_from(">H", data, cmap + 2)
    subtables = {}
    for i in range(count):
        platform, encoding, offset = struct.unpack_from(">HHI", data, cmap + 4 + 8 * i)
        subtables[platform, encoding] = cmap + offset
    if (3, 10) in subtables:
        return _format12(data, subtables[3, 10])
    return _format4(data, subtables.get((3, 1), subtables.get((0, 3), 0)))


def _format12(data: bytes, at: int) -> frozenset[int]:
    (groups,) = struct.unpack_from(">I", data, at + 12)
    points: set[int] = set()
    for i in range(groups):
        first, last, glyph = struct.unpack_from(">III", data, at + 16 + 12 * i)
        points.update(range(first if glyph else first + 1, last + 1))
    return frozenset(points)


def _format4(data: bytes, at: int) -> frozenset[int]:
    (segments,) = struct.unpack_from(">H", data, at + 6)
    segments //= 2
    ends = struct.unpack_from(f">{segments}H", data, at + 14)
    starts = struct.unpack_from(f">{segments}H", data, at + 16 + 2 * segments)
    deltas = struct.unpack_from(f">{segments}h", data, at + 16 + 4 * segments)
    range_at = at + 16 + 6 * segments
    points: set[int] = set()
    for i, (start, end, delta) in enumerate(zip(starts, ends, deltas, strict=True)):
        (range_offset,) = struct.unpack_from(">H", data, range_at + 2 * i)
        for code in range(start, end + 1):
            if code == _LAST_SEGMENT_END:
                continue
            if range_offset == 0:
                glyph = (code + delta) & 0xFFFF
            else:
                (glyph,) = struct.unpack_from(
                    ">H", data, range_at + 2 * i + range_offset + 2 * (code - start)
                )
                glyph = (glyph + delta) & 0xFFFF if glyph else 0
            if glyph:
                points.add(code)
    return frozenset(points)
