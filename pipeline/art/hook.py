"""The thumbnail's words: the hook of the title in two to five big words."""

import re

from pipeline.art.keywords import stopwords

MIN_WORDS, MAX_WORDS = 2, 5
_CLAUSE = re.compile(r"[:.?!;\u2014\u2013|]")
_WORD = re.compile(r"[^\W_]+(?:[-'\u2019][^\W_]+)*")


def hook_words(title: str) -> list[str]:
    """The title's first clause when it has 2-5 words; else its first content words (up to
    five, in order); a one-word title stays one word."""
    clause = _WORD.findall(_CLAUSE.split(title, maxsplit=1)[0])
    if MIN_WORDS <= len(clause) <= MAX_WORDS:
        return clause
    words = _WORD.findall(title)
    content = [w for w in words if w.lower() not in stopwords()]
    chosen = content[:MAX_WORDS] if len(content) >= MIN_WORDS else words[:MAX_WORDS]
    return chosen or ["…"]


def hook_variants(title: str) -> list[list[str]]:
    """Up to three different word choices for the thumbnail, best first: the hook, the
    title's first three content words (bigger type), its last three content words."""
    words = _WORD.findall(title)
    content = [w for w in words if w.lower() not in stopwords()]
    choices = [hook_words(title), content[:3], content[-3:]]
    distinct: list[list[str]] = []
    for choice in choices:
        if len(choice) >= MIN_WORDS and choice not in distinct:
            distinct.append(choice)
    return distinct or [hook_words(title)]
