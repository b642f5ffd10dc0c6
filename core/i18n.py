"""The Fluent catalogues every transport renders user text from (`core/locales/{en,ru}/*.ftl`).

Jobs and services never format user text: they pass a message key and parameters (a
`DomainError`'s `key` and `params`, a Notifier call), and the transport renders them in the
person's language: the bot through aiogram-i18n over these files, the CLI and the web app
with `render`.
"""

from collections.abc import Generator
from functools import cache
from pathlib import Path
from typing import Any

from fluent.runtime import AbstractResourceLoader, FluentLocalization
from fluent.syntax import FluentParser
from fluent.syntax.ast import Resource

LOCALES = Path(__file__).resolve().parent / "locales"
LANGUAGES = ("en", "ru")
DEFAULT_LANGUAGE = "en"


class _CatalogueLoader(AbstractResourceLoader):
    """fluent.runtime's FluentResourceLoader never closes the files it reads."""

    def resources(
        self, locale: str, resource_ids: list[str]
    ) -> Generator[list[Resource], None, None]:
        folder = LOCALES / locale
        found = [folder / name for name in resource_ids if (folder / name).is_file()]
        if found:
            yield [FluentParser().parse(path.read_text(encoding="utf-8")) for path in found]


@cache
def _localization(language: str) -> FluentLocalization:
    files = sorted(path.name for path in (LOCALES / language).glob("*.ftl"))
    loader = _CatalogueLoader()
    fallback = [language] if language == DEFAULT_LANGUAGE else [language, DEFAULT_LANGUAGE]
    return FluentLocalization(fallback, files, loader)


def render(key: str, language: str, **params: Any) -> str:
    """The message `key` in `language` (English when the language or the key is unknown)."""
    language = language if language in LANGUAGES else DEFAULT_LANGUAGE
    return str(_localization(language).format_value(key, params))
