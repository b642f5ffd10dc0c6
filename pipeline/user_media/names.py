"""A user's own file name as we show it back to them (never used as a path)."""

import unicodedata

MAX_SHOWN = 60


def shown_name(name: str | None, default: str = "file") -> str:
    """`name` on one line, without control characters, at most MAX_SHOWN characters."""
    printable = "".join(
        " " if unicodedata.category(ch).startswith(("C", "Z")) else ch for ch in name or ""
    )
    flat = " ".join(printable.split())
    if not flat:
        return default
    return flat if len(flat) <= MAX_SHOWN else flat[: MAX_SHOWN - 1] + "…"
