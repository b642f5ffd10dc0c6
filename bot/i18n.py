"""Fluent translations through aiogram_i18n; the user's language lives on their row."""

from typing import Any

from aiogram.types import User as TelegramUser
from aiogram.utils.text_decorations import html_decoration as html
from aiogram_i18n import I18nContext
from aiogram_i18n.cores import FluentRuntimeCore
from aiogram_i18n.exceptions import AiogramI18nError
from aiogram_i18n.managers import BaseManager
from sqlalchemy.ext.asyncio import AsyncSession

from core.i18n import DEFAULT_LANGUAGE, LOCALES
from db.models import User
from services.accounts import set_language

# Telegram language codes whose speakers most likely read Russian better than English.
RUSSIAN_READERS = frozenset({"ru", "uk", "be", "kk", "ky", "uz", "tg", "hy", "az"})


def language_from_telegram(code: str | None) -> str:
    """The bot language to start with, from Telegram's `language_code` (e.g. "ru-RU")."""
    base = (code or "").split("-")[0].lower()
    return "ru" if base in RUSSIAN_READERS else DEFAULT_LANGUAGE


def make_core() -> FluentRuntimeCore:
    """The translation core over `core/locales/{en,ru}/*.ftl`; load it with `await startup()`."""
    return FluentRuntimeCore(path=LOCALES / "{locale}", default_locale=DEFAULT_LANGUAGE)


class UserLanguageManager(BaseManager):
    """Reads the language from the user row (set by UserMiddleware), writes it back on /lang."""

    def __init__(self) -> None:
        super().__init__(default_locale=DEFAULT_LANGUAGE)

    async def get_locale(
        self, user: User | None = None, event_from_user: TelegramUser | None = None
    ) -> str:
        if user is not None:
            return user.language
        if event_from_user is not None:
            return language_from_telegram(event_from_user.language_code)
        return DEFAULT_LANGUAGE

    async def set_locale(self, locale: str, session: AsyncSession, user: User) -> None:
        await set_language(session, user.id, locale)


def context_for(core: FluentRuntimeCore, language: str) -> I18nContext:
    """An I18nContext outside of an update (the notifier renders job reports with it)."""
    return I18nContext(locale=language, core=core, manager=UserLanguageManager(), data={})


def translate(
    i18n: I18nContext, key: str, params: dict[str, Any] | None = None, *, quote: bool = True
) -> str:
    """`key` in the context's language; an unknown key falls back to the internal error.

    Parameters come from errors and carry user or provider text (a file name, a reason), so
    they are HTML-quoted for a message; `quote=False` for plain text (a button's alert).
    """
    values = {
        name: value if isinstance(value, int | float) else _text(str(value), quote)
        for name, value in (params or {}).items()
    }
    try:
        return i18n.get(key, **values)
    except AiogramI18nError:
        return i18n.get("error-internal")


def _text(value: str, quote: bool) -> str:
    return html.quote(value) if quote else value
