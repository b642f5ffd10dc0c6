# ruff: noqa: RUF001  # Russian unit and language names: the Cyrillic letters are intended
"""One row of a batch's topic list: its topic checked as New Short checks it, and its
optional duration, style and language read leniently ("30 s", "Яркий", "русский").

A row that cannot be used is a `RowProblem` (a Fluent key and its parameters), never an
exception: the other rows go on, and the person is told which line and why.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass

from core.errors import UnsupportedLanguage
from core.i18n import LANGUAGES as UI_LANGUAGES
from core.i18n import render
from pipeline.art.styles import STYLE_NAMES
from pipeline.writers.errors import TopicEmpty, TopicTooLong
from pipeline.writers.language_check import alphabet_share
from pipeline.writers.offline import check_language
from pipeline.writers.phrases import LANGUAGES
from pipeline.writers.topic import MAX_TOPIC_CHARS, normalise_topic
from services.schemas import OFFERED_DURATIONS

# A topic whose letters are mostly in no alphabet the writers read (Chinese, Arabic...) is
# not one they can write about: the share of letters in the best supported alphabet.
MIN_ALPHABET_SHARE = 0.5
SHOWN_VALUE_CHARS = 40

Params = Mapping[str, str | int]

# "1. Topic", "2) Topic", "- Topic", "• Topic": a pasted list keeps its markers off the topic.
_BULLET = re.compile(r"^\s*(?:\d{1,4}[.)]|[-•*\u2013\u2014])\s+")
_DURATION = re.compile(
    r"^(\d{1,4})(?:[.,]0+)?\s*(?:s|sec|secs|seconds|с|сек|секунд|секунды|секунда)?\.?$"
)
_LANGUAGE_NAMES = {
    "russian": "ru",
    "русский": "ru",
    "рус": "ru",
    "english": "en",
    "английский": "en",
    "англ": "en",
}


class RowProblem(Exception):
    """Why a row was skipped: `key` is the Fluent message, `params` fill it in."""

    def __init__(self, key: str, params: Params | None = None) -> None:
        super().__init__(key)
        self.key = key
        self.params: Params = params or {}


def shown(value: str, limit: int = SHOWN_VALUE_CHARS) -> str:
    """A user's value as it may be quoted back: one line, clipped."""
    text = " ".join(value.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def strip_bullet(line: str) -> str:
    return _BULLET.sub("", line, count=1).strip()


def _style_names() -> dict[str, str]:
    """Each style by its code and by its button label in every interface language."""
    names = {name: name for name in STYLE_NAMES}
    for name in STYLE_NAMES:
        for language in UI_LANGUAGES:
            names[render(f"style-{name}", language).casefold()] = name
    return names


def read_duration(value: str) -> int:
    match = _DURATION.match(value.strip().casefold())
    seconds = int(match.group(1)) if match else None
    if seconds not in OFFERED_DURATIONS:
        allowed = ", ".join(str(item) for item in OFFERED_DURATIONS)
        raise RowProblem("batch-row-duration", {"value": shown(value), "allowed": allowed})
    return seconds


def read_style(value: str, names: Mapping[str, str]) -> str:
    style = names.get(" ".join(value.split()).casefold())
    if style is None:
        choices = ", ".join(STYLE_NAMES)
        raise RowProblem("batch-row-style", {"style": shown(value), "choices": choices})
    return style


def read_language(value: str) -> str:
    cleaned = value.strip().casefold()
    try:
        return _LANGUAGE_NAMES.get(cleaned) or check_language(cleaned)
    except UnsupportedLanguage:
        supported = ", ".join(LANGUAGES)
        raise RowProblem(
            "batch-row-language", {"value": shown(value), "supported": supported}
        ) from None


def check_topic(topic: str, language: str) -> str:
    """The topic's duplicate key (its cleaned text, case- and space-insensitive), or the
    problem that keeps it out of the batch."""
    try:
        cleaned = normalise_topic(topic, language)
    except TopicTooLong as error:
        raise RowProblem(
            "batch-row-too-long", {"length": error.params["length"], "limit": MAX_TOPIC_CHARS}
        ) from None
    except TopicEmpty:
        raise RowProblem("batch-row-empty") from None
    if max(alphabet_share(cleaned, code) for code in LANGUAGES) < MIN_ALPHABET_SHARE:
        raise RowProblem("batch-row-alphabet", {"supported": ", ".join(LANGUAGES)})
    return " ".join(cleaned.split()).casefold()


@dataclass(frozen=True, slots=True)
class RowOptions:
    """A CSV row's own choices; None: the batch's shared choice applies."""

    duration: int | None = None
    style: str | None = None
    language: str | None = None


class OptionReader:
    """Reads a row's optional cells (built once per file: the style labels are rendered)."""

    def __init__(self) -> None:
        self.styles = _style_names()

    def read(self, cells: Mapping[str, str]) -> RowOptions:
        """`cells` by column role ("duration", "style", "language"); blank cells are unset."""
        duration, style, language = (cells.get(role, "").strip() for role in ROLES[1:])
        return RowOptions(
            duration=read_duration(duration) if duration else None,
            style=read_style(style, self.styles) if style else None,
            language=read_language(language) if language else None,
        )


# A CSV header's names for each column role, compared case-insensitively.
HEADERS: dict[str, frozenset[str]] = {
    "topic": frozenset({"topic", "topics", "тема", "темы"}),
    "duration": frozenset({"duration", "seconds", "длительность", "длина", "секунды"}),
    "style": frozenset({"style", "стиль"}),
    "language": frozenset({"language", "lang", "язык"}),
}
ROLES = tuple(HEADERS)


def header_roles(cells: list[str]) -> dict[str, int]:
    """Each role's column index in a header row (the first column named for it)."""
    roles: dict[str, int] = {}
    for index, cell in enumerate(cells):
        name = cell.strip().strip("\ufeff\"' ").casefold()
        for role, names in HEADERS.items():
            if name in names and role not in roles:
                roles[role] = index
    return roles
