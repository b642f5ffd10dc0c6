"""Title, description and hashtags for a script, built from the phrase bank and the topic."""

import random
import re
import unicodedata

from pipeline.writers.phrases import PhraseBank
from pipeline.writers.topic import capitalise, clip_chars

MAX_TITLE_CHARS = 70
MIN_HASHTAGS = 5
MAX_HASHTAGS = 8
MAX_TAG_CHARS = 30
MIN_TAG_CHARS = 3
MIN_JOINED_WORDS = 2
MAX_JOINED_WORDS = 4
_CYRILLIC = re.compile("[\u0430-\u044f\u0451]")
_TAG_CHARS = re.compile("[a-z0-9\u0430-\u044f\u0451]")
_WORD = re.compile(r"[^\W_]+(?:[-'\u2019.+][^\W_]+)*")


def make_title(bank: PhraseBank, topic: str, kinds: list[str], rng: random.Random) -> str:
    """A hook-like title of at most 70 characters; long topics are cut to fit."""
    usable = [t.text for t in bank.titles if set(t.requires) <= set(kinds)]
    fields = {"count": str(len(kinds)), "ideas": bank.ideas_word(len(kinds))}
    template = rng.choice(usable)
    room = MAX_TITLE_CHARS - len(template.format(Topic="", **fields))
    title_topic = clip_chars(capitalise(topic), room)
    if title_topic.endswith("…"):  # an ellipsis reads badly before ":" or "?": topic goes last
        room = MAX_TITLE_CHARS - len(bank.title_tail.format(Topic=""))
        return bank.title_tail.format(Topic=clip_chars(topic, room))
    return template.format(Topic=title_topic, **fields)


def make_description(bank: PhraseBank, topic: str, kinds: list[str], rng: random.Random) -> str:
    """Two or three sentences about what is inside, then the topic line."""
    labels = [bank.labels[kind] for kind in kinds]
    listed = f"{', '.join(labels[:-1])} {bank.and_word} {labels[-1]}"
    parts = [rng.choice(bank.description.opening), bank.description.inside.format(labels=listed)]
    if rng.choice((True, False)):
        parts.append(rng.choice(bank.description.closing))
    parts.append(bank.description.topic_line.format(topic=capitalise(topic)))
    return " ".join(parts)


def _fold(word: str) -> str:
    """Lower-case, keep Latin and Cyrillic letters and digits, strip accents from Latin."""
    out = []
    for char in word.lower():
        if _CYRILLIC.fullmatch(char) or char.isascii():
            out.append(char)
        else:
            out.append(unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode())
    return "".join(c for c in "".join(out) if _TAG_CHARS.fullmatch(c))


def make_hashtags(bank: PhraseBank, topic: str, stopwords: frozenset[str]) -> list[str]:
    """5-8 tags: the topic as one tag, its content words, generic tags, always #shorts.

    Tags keep only Latin and Cyrillic letters and digits (accents are folded away), since
    that is what every platform accepts; `stopwords` should cover every language in topics.
    """
    words = [_fold(w) for w in _WORD.findall(topic)]
    content = [
        w for w in words if len(w) >= MIN_TAG_CHARS and w not in stopwords and not w.isdigit()
    ]
    candidates: list[str] = []
    whole = "".join(w for w in words if w)  # a short topic reads best whole: #learningtocook
    joined = whole if len(words) <= MAX_JOINED_WORDS else "".join(content[:3])
    if len(content) >= MIN_JOINED_WORDS and len(joined) <= MAX_TAG_CHARS:
        candidates.append(joined)
    candidates += content
    generic = [g for g in bank.generic_hashtags if g != "shorts"]
    tags: list[str] = []
    for tag in candidates[: MAX_HASHTAGS - 3] + generic:
        if tag not in tags and len(tag) <= MAX_TAG_CHARS:
            tags.append(tag)
    return [f"#{tag}" for tag in [*tags[: MAX_HASHTAGS - 1], "shorts"]]
