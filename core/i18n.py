"""The Fluent catalogues every transport renders user text from (`core/locales/{en,ru}/*.ftl`).

Jobs and services never format user text: they pass a message key and parameters (a
`DomainError`'s `key` and `params`, a Notifier call), and the transport renders them in the
person's language: the bot through aiogram-i18n over these files, the CLI and the web app
with `render`.
"""

from functools import cache
from pathlib import Path
from typing import Any

from fluent.runtime import FluentLocalization, FluentResourceLoader

LOCALES = Path(__file__).resolve().parent / "locales"
LANGUAGES = ("en", "ru")
DEFAULT_LANGUAGE = "en"


@cache
def _localization(language: str) -> FluentLocalization:
    files = sorted(path.name for path in (LOCALES / language).glob("*.ftl"))
    loader = FluentResourceLoader(str(LOCALES / "{locale}"))
    fallback = [language] if language == DEFAULT_LANGUAGE else [language, DEFAULT_LANGUAGE]
    return FluentLocalization(fallback, files, loader)


def render(key: str, language: str, **params: Any) -> str:
    """The message `key` in `language` (English when the language or the key is unknown)."""
    language = language if language in LANGUAGES else DEFAULT_LANGUAGE
    return str(_localization(language).format_value(key, params))
