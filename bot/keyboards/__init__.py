"""Keyboards: pure functions from data and an I18nContext to markup; no I/O."""

import functools
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Concatenate, ParamSpec

from aiogram.types import InlineKeyboardMarkup
from aiogram_i18n import I18nContext

P = ParamSpec("P")


@dataclass(frozen=True, slots=True)
class Choice:
    """One pickable item (a voice, a character): its ID and the name the user gave it."""

    id: int
    name: str


def per_language(
    build: Callable[Concatenate[I18nContext, P], InlineKeyboardMarkup],
) -> Callable[Concatenate[I18nContext, P], InlineKeyboardMarkup]:
    """Build a keyboard that depends only on the language (and hashable arguments) once per
    language: aiogram's builder deep-copies every button on each `add`, a cost every update
    would pay. The markup is shared, so nothing may change it after it is built."""
    built: dict[tuple[Hashable, ...], InlineKeyboardMarkup] = {}

    @functools.wraps(build)
    def cached(i18n: I18nContext, /, *args: P.args, **kwargs: P.kwargs) -> InlineKeyboardMarkup:
        key = (i18n.locale, *args, *sorted(kwargs.items()))
        if key not in built:
            built[key] = build(i18n, *args, **kwargs)
        return built[key]

    return cached
