"""Pick the 1-3 words of a scene's narration worth printing big on its picture."""

import json
import re
from functools import lru_cache
from importlib import resources

MAX_WORDS = 3
MAX_CHARS = 26
_QUOTES_OPEN = '\u00ab\u201c\u201e"'
_QUOTES_CLOSE = '\u00bb\u201d\u201c"'
_QUOTED = re.compile(f"[{_QUOTES_OPEN}]([^{_QUOTES_CLOSE}]{{2,80}})[{_QUOTES_CLOSE}]")
_LABEL = re.compile(r"^\s*([^:.?!,\u2014\u2013]{2,40})[:?!,\u2014\u2013]")
_WORD = re.compile(r"[^\W_]+(?:[-'\u2019][^\W_]+)*")


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """Russian and English function words that never make a headline on their own."""
    raw = resources.files(__package__).joinpath("keyword_stopwords.json").read_text("utf-8")
    return frozenset(json.loads(raw)["stopwords"])


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _content(words: list[str]) -> list[str]:
    return [w for w in words if w.lower() not in stopwords()]


def _limit(words: list[str]) -> list[str]:
    chosen: list[str] = []
    for word in words[:MAX_WORDS]:
        if chosen and len(" ".join([*chosen, word])) > MAX_CHARS:
            break
        chosen.append(word)
    return chosen


def pick_keywords(text: str) -> list[str]:
    """The words to print: a quoted topic, else a short leading label, else the longest words."""
    quoted = _QUOTED.search(text)
    if quoted:
        words = _words(quoted.group(1))
        content = words if len(words) <= MAX_WORDS else _content(words)
        if content:
            return _limit(content)
    label = _LABEL.match(text)
    if label:
        words = _words(label.group(1))
        if 1 <= len(words) <= MAX_WORDS + 1 and _content(words):
            return _limit(words if len(words) <= MAX_WORDS else _content(words))
    content = _content(_words(text)) or _words(text)
    longest = sorted(content, key=len, reverse=True)[:2]
    return _limit([w for w in content if w in longest]) or ["…"]
