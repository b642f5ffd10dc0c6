"""Topic clean-up: user text becomes inert data that is safe to speak, quote and subtitle.

The topic never steers the script: whatever it says ("ignore previous instructions…"), it is
only ever inserted into fixed templates, after the clean-up below.
"""

import re
import unicodedata

from pipeline.writers.errors import TopicEmpty, TopicTooLong

MAX_TOPIC_CHARS = 300

# Unicode categories dropped outright: controls, format marks (ZWJ, bidi overrides), private
# use, unassigned, surrogates, and symbols (emoji, dingbats, modifier symbols).
_DROP_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cn", "Cs", "So", "Sk"})
_VARIATION_SELECTORS = re.compile("[\ufe00-\ufe0f\U000e0100-\U000e01ef\u20e3]")
_TAG = re.compile(r"</?[A-Za-z][^<>]{0,60}>")
_ASS_BLOCK = re.compile(r"\{[^{}]{0,60}\}")
# `{}` start ASS override blocks and `\` starts ASS escapes (\N, \h): never let them through.
_ASS_UNSAFE = re.compile(r"[{}\\]")
_MARKUP_CHARS = re.compile(r"[*_`~|<>\[\]]+|(?<!\w)#")
_CLAUSE_CUT = re.compile(r"^(.{12,})[,;:(\u2014\u2013]")
_SPACE = re.compile(r"\s+")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,.;:!?…])")
_QUOTES = '"«»“”„‟″'
_WRAPPING = "\"'\u00ab\u00bb\u201c\u201d\u201e\u2018\u2019`"
_LEADING_PUNCT = " .,;:!?-\u2014\u2013"
_TRAILING_PUNCT = " .,;:!?-\u2014\u2013\u2026"


def _strip_chars(text: str) -> str:
    kept = []
    for char in text:
        if char in "\n\r\t\v\f":
            kept.append(" ")
        elif unicodedata.category(char) not in _DROP_CATEGORIES:
            kept.append(char)
    return "".join(kept)


def _renest_quotes(text: str, language: str) -> str:
    """Turn inner double quotes into the nested kind, because the templates quote the topic."""
    opening, closing = ("„", "“") if language == "ru" else ("'", "'")
    out, is_open = [], False
    for char in text:
        if char in _QUOTES:
            out.append(closing if is_open else opening)
            is_open = not is_open
        else:
            out.append(char)
    return "".join(out)


def normalise_topic(raw: str, language: str) -> str:
    """Return the cleaned topic, or raise `TopicEmpty`/`TopicTooLong`."""
    trimmed = raw.strip()
    if not trimmed:
        raise TopicEmpty(detail="")
    if len(trimmed) > MAX_TOPIC_CHARS:
        raise TopicTooLong(length=len(trimmed), limit=MAX_TOPIC_CHARS)
    text = unicodedata.normalize("NFC", trimmed)
    text = _VARIATION_SELECTORS.sub("", text)
    text = _strip_chars(text)
    text = _TAG.sub(" ", text)
    text = _ASS_BLOCK.sub(" ", text)
    text = _ASS_UNSAFE.sub(" ", text)
    text = _MARKUP_CHARS.sub(" ", text)
    text = _SPACE.sub(" ", text).strip()
    text = _SPACE_BEFORE_PUNCT.sub(r"\1", text)
    while len(text) > 1 and text[0] in _WRAPPING and text[-1] in _WRAPPING:
        text = text[1:-1].strip()
    text = text.rstrip(_TRAILING_PUNCT).lstrip(_LEADING_PUNCT)
    if not any(char.isalnum() for char in text):
        raise TopicEmpty(detail=" once emoji, symbols and markup are removed")
    return _renest_quotes(text, language)


def capitalise(text: str) -> str:
    """Upper-case the first letter unless the first word is already mixed-case (iPhone)."""
    first = text.split(" ", 1)[0]
    if first and first == first.lower():
        return text[0].upper() + text[1:]
    return text


def shorten(text: str, max_words: int) -> str:
    """Cut `text` at a clause mark or word boundary to at most `max_words` words."""
    words = text.split(" ")
    if len(words) <= max_words:
        return text
    head = " ".join(words[:max_words])
    clause = _CLAUSE_CUT.search(head)
    if clause:
        return clause.group(1).rstrip(_TRAILING_PUNCT)
    return head.rstrip(_TRAILING_PUNCT) + "…"


def clip_chars(text: str, limit: int) -> str:
    """Cut `text` to at most `limit` characters: at a clause mark, else a word plus an ellipsis."""
    if len(text) <= limit:
        return text
    clause = _CLAUSE_CUT.search(text[: limit + 1])
    if clause:
        return clause.group(1).rstrip(_TRAILING_PUNCT)
    cut = text[: max(limit - 1, 1)]
    if " " in cut and text[len(cut)] != " ":
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(_TRAILING_PUNCT) + "…"
