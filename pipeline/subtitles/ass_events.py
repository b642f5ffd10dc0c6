"""The Dialogue lines of each caption look, from one card of timed words.

- bold, clean: one event per spoken word showing the whole card, the word in the accent
  colour (bold also scales it up);
- pop: the same, but words appear only once spoken, each growing in over 120 ms;
- box: two layers per spoken word: a solid box (border style 3) behind the word under the
  card's text, which leaves that word out;
- karaoke: one event per card; `\\kf` sweeps the accent over each word while it is spoken.
"""

from collections.abc import Callable

from core.captions import CaptionLook
from pipeline.subtitles.cards import Card, is_spoken
from pipeline.subtitles.looks import CaptionStyle, ass_colour

EventBuilder = Callable[[Card, list[str], CaptionStyle, tuple[int, int]], list[str]]
HIDDEN, SHOWN = "{\\alpha&HFF&}", "{\\alpha&H00&}"
POP_MS, POP_FROM = 120, 70  # the word grows from 70 % to full size in 120 ms


def time_code(seconds: float) -> str:
    """H:MM:SS.cc, rounded half up from whole milliseconds."""
    cs = (round(seconds * 1000) + 5) // 10
    return f"{cs // 360000}:{cs // 6000 % 60:02}:{cs // 100 % 60:02}.{cs % 100:02}"


def _spoken(card: Card) -> list[tuple[int, str, str]]:
    """(index, start, end) of the words that get their own event."""
    out = []
    for i, word in enumerate(card.words):
        start, end = time_code(word.start), time_code(word.end)
        if is_spoken(word) and start != end:
            out.append((i, start, end))
    return out


def _dialogue(
    layer: int, times: tuple[str, str], style: str, pos: tuple[int, int], text: str
) -> str:
    start, end = times
    return f"Dialogue: {layer},{start},{end},{style},,0,0,0,,{{\\pos({pos[0]},{pos[1]})}}{text}"


def _marked(style: CaptionStyle) -> str:
    colour = f"\\c{ass_colour(style.highlight)}&"
    if style.look is CaptionLook.POP:
        grow = f"\\fscx{POP_FROM}\\fscy{POP_FROM}\\t(0,{POP_MS},\\fscx100\\fscy100)"
        return f"{{{colour}{grow}}}"
    if style.pop == 100:  # noqa: PLR2004
        return f"{{{colour}}}"
    return f"{{{colour}\\fscx{style.pop}\\fscy{style.pop}}}"


def word_events(
    card: Card, texts: list[str], style: CaptionStyle, pos: tuple[int, int]
) -> list[str]:
    """bold, clean and pop: the card with its spoken word marked, one event per word."""
    mark, lines = _marked(style), []
    for i, start, end in _spoken(card):
        rest = texts[i + 1 :]
        if style.look is CaptionLook.POP and rest:
            rest = [HIDDEN + rest[0], *rest[1:]]  # not yet spoken: laid out, not drawn
        shown = [*texts[:i], f"{mark}{texts[i]}{{\\r}}", *rest]
        lines.append(_dialogue(0, (start, end), "Caption", pos, " ".join(shown)))
    return lines


def box_events(
    card: Card, texts: list[str], style: CaptionStyle, pos: tuple[int, int]
) -> list[str]:
    """box: the spoken word on a solid box (layer 0) under the rest of the card (layer 1)."""
    lines = []
    for i, start, end in _spoken(card):
        box = [SHOWN + t if j == i else HIDDEN + t for j, t in enumerate(texts)]
        text = [HIDDEN + t if j == i else SHOWN + t for j, t in enumerate(texts)]
        # The spaces stay unboxed: a box runs over every glyph drawn in its colour.
        lines.append(_dialogue(0, (start, end), "Box", pos, f"{HIDDEN} ".join(box)))
        lines.append(_dialogue(1, (start, end), "Caption", pos, " ".join(text)))
    return lines


def fill_events(
    card: Card, texts: list[str], style: CaptionStyle, pos: tuple[int, int]
) -> list[str]:
    """karaoke: one event for the card; each word fills while it is spoken."""
    if not _spoken(card):
        return []
    cursor, parts = card.words[0].start, []
    for word, text in zip(card.words, texts, strict=True):
        if not is_spoken(word):
            parts.append(f"{{\\k0}}{text}")
            continue
        gap = round((word.start - cursor) * 100)
        lead = f"{{\\k{gap}}}" if gap > 0 else ""
        parts.append(f"{lead}{{\\kf{max(round((word.end - word.start) * 100), 1)}}}{text}")
        cursor = max(cursor, word.start) + max(round((word.end - word.start) * 100), 1) / 100
    start, end = time_code(card.words[0].start), time_code(card.end)
    return [_dialogue(0, (start, end), "Caption", pos, " ".join(parts))]
