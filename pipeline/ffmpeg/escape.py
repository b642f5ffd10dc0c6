"""The one escaping helper for values inside a filtergraph (paths, text).

A filtergraph value is unescaped twice: once by the graph parser (which splits on
``[ ] , ;``) and once by the filter's option parser (which splits on ``:``). So a value is
escaped for the option level first, then the result is escaped for the graph level, as in
https://ffmpeg.org/ffmpeg-filters.html#Notes-on-filtergraph-escaping.
"""

from pathlib import Path

_OPTION_SPECIAL = frozenset("\\':")
_GRAPH_SPECIAL = frozenset("\\'[],;")


def _backslash(text: str, special: frozenset[str]) -> str:
    return "".join("\\" + ch if ch in special else ch for ch in text)


def filter_value(value: str | Path) -> str:
    """Escape `value` so a filter option receives it verbatim, whatever its characters."""
    text = str(value)
    level1 = _backslash(text, _OPTION_SPECIAL)
    # av_get_token strips unescaped leading/trailing whitespace; keep it.
    if level1[:1].isspace():
        level1 = "\\" + level1
    if level1[-1:].isspace():
        level1 = level1[:-1] + "\\" + level1[-1]
    return _backslash(level1, _GRAPH_SPECIAL)
