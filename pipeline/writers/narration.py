"""A user's replacement narration: cleaned, checked and split over the script's scenes."""

import re

from core.errors import InvalidInput

MAX_SCRIPT_CHARS = 2000
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
# `{` `}` and `\` start ASS override blocks and escapes in the burned-in captions.
_UNSAFE = re.compile(r"[{}\\<>\x00-\x1f]")


class ScriptEmpty(InvalidInput):
    key = "error-script-empty"
    template = "The new script has no words."


class ScriptTooShort(InvalidInput):
    key = "error-script-too-short"
    template = "The new script needs at least {count} words, one scene each."


class ScriptTooLong(InvalidInput):
    key = "error-script-too-long"
    template = "The new script is {length} characters long; keep it under {limit}."


def clean_script(text: str) -> str:
    """The text with markup-unsafe characters and extra whitespace removed; it must hold
    words and stay under MAX_SCRIPT_CHARS."""
    cleaned = " ".join(_UNSAFE.sub(" ", text).split())
    if not any(char.isalpha() for char in cleaned):
        raise ScriptEmpty()
    if len(cleaned) > MAX_SCRIPT_CHARS:
        raise ScriptTooLong(length=len(cleaned), limit=MAX_SCRIPT_CHARS)
    return cleaned


def split_scenes(text: str, count: int) -> list[str]:
    """Split `text` into `count` consecutive parts at sentence ends, balanced by length; by
    words when there are fewer sentences than scenes."""
    units = [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]
    if len(units) < count:
        units = text.split()
    if len(units) < count:
        raise ScriptTooShort(count=count)
    sizes = [len(unit) + 1 for unit in units]
    total = sum(sizes)
    parts: list[str] = []
    start, before = 0, 0  # `before`: characters in the parts made so far
    for index in range(count - 1):
        target = total * (index + 1) / count
        end, length = start + 1, before + sizes[start]
        while end < len(units) - (count - index - 1) and length + sizes[end] / 2 <= target:
            length += sizes[end]
            end += 1
        parts.append(" ".join(units[start:end]))
        start, before = end, length
    parts.append(" ".join(units[start:]))
    return parts
