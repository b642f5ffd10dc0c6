"""Group word timings into caption cards of one to three words."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pipeline.speech.base import WordTiming

SENTENCE_END = (".", "!", "?", "…")
CLAUSE_END = (*SENTENCE_END, ",", ";", ":", "—", "\u2013")  # em and en dash
_CLOSERS = "\"'»”\u2019)]"  # closing quotes and brackets after the punctuation


@dataclass(frozen=True, slots=True)
class Card:
    """Words shown together on screen, from the first word's start to the last one's end."""

    words: tuple[WordTiming, ...]

    @property
    def start(self) -> float:
        """When the first word starts."""
        return self.words[0].start

    @property
    def end(self) -> float:
        """When the last word ends."""
        return self.words[-1].end

    @property
    def text(self) -> str:
        """The words as written, space-separated."""
        return " ".join(word.text for word in self.words)


def is_spoken(word: WordTiming) -> bool:
    """Whether the word has a letter or digit (a bare dash is shown but never spoken)."""
    return any(ch.isalnum() for ch in word.text)


def ends_sentence(word: WordTiming) -> bool:
    """Whether the word closes a sentence (quotes and brackets after the mark allowed)."""
    return word.text.rstrip(_CLOSERS).endswith(SENTENCE_END)


def _ends_clause(word: WordTiming) -> bool:
    return word.text.rstrip(_CLOSERS).endswith(CLAUSE_END)


def _length(words: Iterable[WordTiming]) -> int:
    return len(" ".join(word.text for word in words))


def _spoken_count(words: Iterable[WordTiming]) -> int:
    return sum(is_spoken(word) for word in words)


def build_cards(
    words: Sequence[WordTiming],
    *,
    max_words: int = 3,
    max_chars: int = 14,
    long_word: int = 10,
    min_duration: float = 0.25,
) -> tuple[Card, ...]:
    """Split `words` into cards.

    A card ends after sentence or clause punctuation, at `max_words` spoken words, or before
    it would pass `max_chars` (one line at the caption font size: see `ass.line_chars`).
    A word of `long_word` characters or more stands alone. Bare punctuation rides with the
    word before it. Then a card shorter than `min_duration` joins a neighbour in the same
    sentence when the result still fits.
    """
    groups: list[list[WordTiming]] = []
    current: list[WordTiming] = []
    for word in words:
        if current and is_spoken(word) and _breaks(current, word, max_words, max_chars, long_word):
            groups.append(current)
            current = []
        current.append(word)
    if current:
        groups.append(current)
    merged = _merge_short(groups, max_words, max_chars, min_duration)
    return tuple(Card(tuple(group)) for group in merged)


def _breaks(
    current: list[WordTiming], word: WordTiming, max_words: int, max_chars: int, long_word: int
) -> bool:
    if not _spoken_count(current):
        return False  # leading punctuation waits for a word
    if _ends_clause(current[-1]) or _spoken_count(current) >= max_words:
        return True
    if any(len(w.text) >= long_word for w in [*current, word]):
        return True
    return _length([*current, word]) > max_chars


def _merge_short(
    groups: list[list[WordTiming]], max_words: int, max_chars: int, min_duration: float
) -> list[list[WordTiming]]:
    def fits(first: list[WordTiming], second: list[WordTiming]) -> bool:
        joined = first + second
        return (
            not ends_sentence(first[-1])
            and _spoken_count(joined) <= max_words
            and _length(joined) <= max_chars
        )

    merged: list[list[WordTiming]] = []
    i = 0
    while i < len(groups):
        group = groups[i]
        if group[-1].end - group[0].start < min_duration:
            if i + 1 < len(groups) and fits(group, groups[i + 1]):
                groups[i + 1] = group + groups[i + 1]
                i += 1
                continue
            if merged and fits(merged[-1], group):
                merged[-1] = merged[-1] + group
                i += 1
                continue
        merged.append(group)
        i += 1
    return merged
