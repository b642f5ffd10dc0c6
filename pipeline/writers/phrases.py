"""Phrase banks: the per-language sentence templates the offline writer picks from.

The banks are JSON files beside this module (`phrases_<lang>.json`), validated on load. Every
template keeps the topic in a nominative-safe slot («{topic}» after a noun, or as a label), so
Russian case agreement never depends on the user's words.
"""

import json
from functools import lru_cache
from importlib import resources

from pydantic import BaseModel, ConfigDict, Field

from core.errors import UnsupportedLanguage

LANGUAGES = ("en", "ru")
_TEENS = range(11, 15)  # 11-14 take the "many" form in Russian
_FEW = range(2, 5)


class PointVariant(BaseModel):
    """One way to open a point (`compact`, usable alone) and the sentences that follow it."""

    compact: str
    body: list[str]


class PointBank(BaseModel):
    variants: list[PointVariant] = Field(min_length=1)
    more: list[str]


class TitleTemplate(BaseModel):
    text: str
    requires: list[str]


class DescriptionBank(BaseModel):
    opening: list[str] = Field(min_length=1)
    inside: str
    closing: list[str] = Field(min_length=1)
    topic_line: str


class PhraseBank(BaseModel):
    """All templates for one language."""

    model_config = ConfigDict(populate_by_name=True)

    hook: list[str] = Field(min_length=1)
    hook_short: list[str]
    hook_extra: list[str]
    points: dict[str, PointBank]
    bridges: list[str]
    cta: list[str] = Field(min_length=1)
    cta_short: list[str]
    cta_extra: list[str]
    titles: list[TitleTemplate] = Field(min_length=1)
    title_tail: str  # for topics too long for any title: the topic last, cut with "…"
    description: DescriptionBank
    labels: dict[str, str]
    and_word: str = Field(alias="and")
    numbers: dict[str, str]
    ideas_forms: tuple[str, str, str]
    generic_hashtags: list[str] = Field(min_length=5)
    stopwords: frozenset[str]

    def count_ideas(self, count: int) -> str:
        """'four ideas' / 'четыре идеи': the number in words with the right plural form."""
        return f"{self.numbers[str(count)]} {self.ideas_word(count)}"

    def ideas_word(self, count: int) -> str:
        """The plural form of 'idea' that agrees with `count` (Russian has three forms)."""
        one, few, many = self.ideas_forms
        if count % 100 in _TEENS:
            return many
        if count % 10 == 1:
            return one
        return few if count % 10 in _FEW else many


@lru_cache(maxsize=len(LANGUAGES))
def load_bank(language: str) -> PhraseBank:
    """Load and validate the phrase bank for `language` ("en" or "ru")."""
    if language not in LANGUAGES:
        raise UnsupportedLanguage(language=language, supported=", ".join(LANGUAGES))
    raw = resources.files(__package__).joinpath(f"phrases_{language}.json").read_text("utf-8")
    return PhraseBank.model_validate(json.loads(raw))
