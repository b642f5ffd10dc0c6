"""Map an engine's word events back onto the words of the text as written."""

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable
from itertools import pairwise

from core.errors import InvalidInput
from pipeline.speech.base import WordTiming

_WORD = re.compile(r"\S+")


def speakable(text: str) -> str:
    """Return `text` with control characters and runs of whitespace folded to single spaces.

    Raises:
        InvalidInput: the text has no letter or digit to speak.
    """
    clean = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in text)
    words = clean.split()
    if not any(ch.isalnum() for word in words for ch in word):
        raise InvalidInput(what="text", reason="there is no word to speak")
    return " ".join(words)


def _weight(word: str) -> int:
    return sum(ch.isalnum() for ch in word)


def align_words(
    text: str, marks: Iterable[tuple[int, float]], voiced_end: float
) -> tuple[WordTiming, ...]:
    """Give every whitespace-separated word of `text` one time span.

    Args:
        text: the text the engine spoke (see `speakable`).
        marks: `(character offset, start seconds)` of each word event. A word may get
            several (a number read as many words) or none (a dash, or words the engine merged).
        voiced_end: where the speech stops, trailing silence excluded.

    A word starts at its earliest event; each word ends where the next one starts and
    the last one at `voiced_end`. Words with no event share the time between their
    neighbours by their count of letters and digits, so bare punctuation gets no time.
    """
    spans = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    if not spans:
        return ()
    firsts = [start for start, _ in spans]
    heard: dict[int, float] = {}
    for offset, seconds in marks:
        i = max(bisect_right(firsts, offset) - 1, 0)
        if offset >= spans[i][1] and i + 1 < len(spans):
            i += 1  # an offset in the gap belongs to the next word
        heard[i] = min(heard.get(i, seconds), seconds)
    # Keep strictly rising anchors: words reported at the same instant (RHVoice reports
    # per audio chunk) are spread out like words without an event.
    anchors = {0: heard.get(0, 0.0)}
    for i in sorted(heard):
        if heard[i] > anchors[max(anchors)]:
            anchors[i] = heard[i]
    anchors[len(spans)] = max(voiced_end, anchors[max(anchors)])
    starts: list[float] = []
    for a, b in pairwise(sorted(anchors)):
        t0, t1 = anchors[a], anchors[b]
        weights = [_weight(text[s:e]) for s, e in spans[a:b]]
        total, done = sum(weights), weights[0]
        starts.append(t0)
        for w in weights[1:]:
            starts.append(t0 + (t1 - t0) * done / total if total else t1)
            done += w
    starts = [round(t, 3) for t in starts]
    ends = [*starts[1:], round(anchors[len(spans)], 3)]
    return tuple(
        WordTiming(text[s:e], start, end)
        for (s, e), start, end in zip(spans, starts, ends, strict=True)
    )
