"""SRT captions (one cue per card), for platforms that take a caption file upload."""

from collections.abc import Sequence

from pipeline.subtitles.cards import Card


def _time(seconds: float) -> str:
    ms = round(seconds * 1000)
    return f"{ms // 3_600_000:02}:{ms // 60_000 % 60:02}:{ms // 1000 % 60:02},{ms % 1000:03}"


def build_srt(cards: Sequence[Card]) -> str:
    """Number the cards from 1, each `HH:MM:SS,mmm --> HH:MM:SS,mmm`, text as written."""
    cues = [
        f"{n}\n{_time(card.start)} --> {_time(card.end)}\n{card.text}\n"
        for n, card in enumerate(cards, start=1)
    ]
    return "\n".join(cues)
