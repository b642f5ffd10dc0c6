"""Give every written word of a script a time span from what a recogniser heard.

Captions need one timing per word *as written* (the voice stage splits the narration on
whitespace), but a recogniser spells numbers as it likes, merges or splits words, mishears
some and invents others. The normalized token sequences are aligned with difflib: equal
runs take the heard spans, a run replaced by other words shares the heard run's time span
by letter count, and words heard nowhere share the gap between their matched neighbours.
"""

import unicodedata
from collections.abc import Sequence
from difflib import SequenceMatcher

from pipeline.speech.base import WordTiming

Span = tuple[float, float]


def normalize(word: str) -> str:
    """Lower-case letters and digits only. Diacritics are dropped, so Russian yo matches
    the plain ie that most texts (and recognizers) write instead."""
    folded = unicodedata.normalize("NFKD", word.casefold())
    return "".join(ch for ch in folded if ch.isalnum())


def _weight(word: str) -> int:
    return sum(ch.isalnum() for ch in word)


def _share(words: Sequence[str], start: float, end: float) -> list[Span]:
    """Split [start, end] over `words` by letters and digits (bare punctuation gets none)."""
    weights = [_weight(word) for word in words]
    total = sum(weights)
    if not total:
        weights, total = [1] * len(words), len(words)
    spans: list[Span] = []
    done = 0
    for weight in weights:
        first = start + (end - start) * done / total
        done += weight
        spans.append((first, start + (end - start) * done / total))
    return spans


def _matched(written: list[str], heard: Sequence[WordTiming]) -> list[Span | None]:
    keys = [normalize(word) for word in written]
    spoken = [(normalize(word.text), word) for word in heard]
    spoken = [(key, word) for key, word in spoken if key]  # lone punctuation tokens
    spans: list[Span | None] = [None] * len(written)
    matcher = SequenceMatcher(None, keys, [key for key, _ in spoken], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for offset in range(i2 - i1):
                word = spoken[j1 + offset][1]
                spans[i1 + offset] = (word.start, word.end)
        elif tag == "replace":  # "3" heard as "three", one word heard as two, a mishearing
            first, last = spoken[j1][1], spoken[j2 - 1][1]
            spans[i1:i2] = _share(written[i1:i2], first.start, last.end)
    return spans


def _fill_gaps(written: list[str], spans: list[Span | None], duration: float) -> list[Span]:
    """Words heard nowhere share the time between their neighbours' spans."""
    filled: list[Span] = []
    index = 0
    while index < len(written):
        span = spans[index]
        if span is not None:
            filled.append(span)
            index += 1
            continue
        stop = index
        while stop < len(written) and spans[stop] is None:
            stop += 1
        after = spans[stop] if stop < len(written) else None
        begin = filled[-1][1] if filled else 0.0
        end = after[0] if after is not None else duration
        filled.extend(_share(written[index:stop], begin, max(begin, end)))
        index = stop
    return filled


def _monotone(spans: list[Span], duration: float) -> list[Span]:
    """Starts never go back, a word ends by the next one's start, all within the audio."""
    result: list[Span] = []
    floor = 0.0
    for start, end in spans:
        begin = min(max(start, floor), duration)
        result.append((begin, min(max(end, begin), duration)))
        floor = begin
    for index in range(len(result) - 1):
        begin, end = result[index]
        result[index] = (begin, max(begin, min(end, result[index + 1][0])))
    return result


def align_transcript(
    script: str, heard: Sequence[WordTiming], duration: float
) -> tuple[WordTiming, ...]:
    """One `WordTiming` per whitespace-separated word of `script`, in order.

    Args:
        script: the text as written (captions show these words).
        heard: the recogniser's words with their spans, in time order.
        duration: the audio's length; every span is clamped into [0, duration].

    With nothing heard, the words share the whole audio by their letter counts.
    """
    written = script.split()
    if not written:
        return ()
    duration = max(0.0, duration)
    spans = _monotone(_fill_gaps(written, _matched(written, heard), duration), duration)
    return tuple(
        WordTiming(word, round(start, 3), round(end, 3))
        for word, (start, end) in zip(written, spans, strict=True)
    )
