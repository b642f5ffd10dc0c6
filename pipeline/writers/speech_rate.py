"""Speech-time estimate for narration text, tuned to espeak-ng at speed 1.0.

The writer sizes scripts with this estimate, so keep the constants calibrated against the real
engine (the lead measures them on synthesized speech and updates the numbers here).
"""

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SpeechRate:
    """Seconds per spoken unit for one language, fitted by least squares on espeak-ng output
    (speed 1.0) for 252 generated scripts of 12-90 s per language: RMS error 0.5 s, max 2 s."""

    per_char: float  # letters and digits
    per_word: float
    per_sentence: float  # the pause after `.`, `!`, `?`, `…` (and the end of the text)
    per_clause: float  # the pause after `,`, `;`, `:` and a spaced dash


RATES: dict[str, SpeechRate] = {
    "ru": SpeechRate(per_char=0.0506, per_word=0.0559, per_sentence=0.337, per_clause=0.154),
    "en": SpeechRate(per_char=0.0570, per_word=0.0221, per_sentence=0.433, per_clause=0.287),
}

ONE_WORD_DIGITS = 2  # "15" is one spoken word; "2024" is about four
_WORD = re.compile(r"[^\W_]+(?:[-'\u2019][^\W_]+)*")
_NUMBER = re.compile(r"\d+")
_SENTENCE_END = re.compile(r"[.!?…]+")
_CLAUSE = re.compile(r"[,;:]|\s[\u2014\u2013-]\s")


def count_words(text: str) -> float:
    """Count spoken words; a long number is read as several words (2024 -> about 4)."""
    total = 0.0
    for token in _WORD.findall(text):
        if _NUMBER.fullmatch(token):
            total += 1.0 if len(token) <= ONE_WORD_DIGITS else float(len(token))
        else:
            total += 1.0
    return total


def estimate_seconds(text: str, language: str, speed: float = 1.0) -> float:
    """Estimate how long the TTS engine takes to speak `text`.

    Words are divided by the language's words-per-second rate, then pauses are added for
    sentence ends and clause marks; everything scales with `1 / speed`.
    """
    rate = RATES.get(language, RATES["en"])
    words = count_words(text)
    letters = sum(char.isalnum() for char in text)
    sentence_ends = len(_SENTENCE_END.findall(text))
    tail = text.rstrip().rstrip("\u00bb\"\u201d\u2019')")
    if words and not _SENTENCE_END.search(tail[-1:]):
        sentence_ends += 1  # the engine pauses at the end of any utterance
    clauses = len(_CLAUSE.findall(text))
    seconds = (
        letters * rate.per_char
        + words * rate.per_word
        + sentence_ends * rate.per_sentence
        + clauses * rate.per_clause
    )
    return seconds / max(speed, 0.05)
