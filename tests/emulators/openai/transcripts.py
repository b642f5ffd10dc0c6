"""Whisper-style output from a transcript and an audio duration: words, segments, SRT, VTT.

Word timings are spread over the audio by each word's length (a short lead-in, a gap after
each word); the last word ends exactly at the audio's duration. Times have 2 decimals.
"""

from __future__ import annotations

import re
from typing import Any

LANGUAGE_NAMES = {"en": "english", "ru": "russian", "de": "german", "es": "spanish"}
PUNCTUATION = '.,!?;:«»"“”()…'


def split_words(text: str) -> list[str]:
    """Words as verbose_json lists them: no surrounding punctuation."""
    words = (token.strip(PUNCTUATION) for token in text.split())
    return [word for word in words if word]


def word_timings(words: list[str], duration: float) -> list[dict[str, Any]]:
    if not words:
        return []
    lead = min(0.1, duration * 0.05)
    weights = [len(word) + 1 for word in words]
    unit = (duration - lead) / sum(weights)
    result, cursor = [], lead
    for index, (word, weight) in enumerate(zip(words, weights, strict=True)):
        start = round(cursor, 2)
        cursor += weight * unit
        end = round(duration if index == len(words) - 1 else cursor - 0.25 * unit, 2)
        result.append({"word": word, "start": start, "end": max(end, round(start + 0.01, 2))})
    return result


def segments(text: str, words: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One segment per sentence, timed by its first and last word."""
    result: list[dict[str, Any]] = []
    position = 0
    for sentence in (s.strip() for s in re.split(r"(?<=[.!?…])\s+", text) if s.strip()):
        count = len(split_words(sentence))
        if count == 0:
            continue
        own = words[position : position + count]
        position += count
        result.append(
            {
                "id": len(result),
                "seek": 0,
                "start": own[0]["start"],
                "end": own[-1]["end"],
                "text": " " + sentence,
                "tokens": [50364 + position + i for i in range(count)],
                "temperature": 0.0,
                "avg_logprob": -0.25,
                "compression_ratio": 1.2,
                "no_speech_prob": 0.01,
            }
        )
    return result


def _clock(seconds: float, separator: str) -> str:
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours:02d}:{minutes:02d}:{rest // 1000:02d}{separator}{rest % 1000:03d}"


def to_srt(items: list[dict[str, Any]]) -> str:
    blocks = [
        f"{i + 1}\n{_clock(s['start'], ',')} --> {_clock(s['end'], ',')}\n{s['text'].strip()}\n"
        for i, s in enumerate(items)
    ]
    return "\n".join(blocks)


def to_vtt(items: list[dict[str, Any]]) -> str:
    cues = [
        f"{_clock(s['start'], '.')} --> {_clock(s['end'], '.')}\n{s['text'].strip()}\n"
        for s in items
    ]
    return "WEBVTT\n\n" + "\n".join(cues)
