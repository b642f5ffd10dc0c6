"""The main menu, the language picker and the cancel button."""

import functools

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder
from aiogram_i18n import I18nContext

from bot.callbacks import Language, LanguageCb, MenuAction, MenuCb
from bot.keyboards import per_language


@per_language
def main_menu(i18n: I18nContext) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for action in MenuAction:
        if action is not MenuAction.HOME:
            builder.button(text=i18n.get(f"menu-{action}"), callback_data=MenuCb(action=action))
    builder.adjust(2)
    return builder.as_markup()


@functools.cache
def languages() -> InlineKeyboardMarkup:
    """Each language named in itself, so anyone can find theirs."""
    builder = InlineKeyboardBuilder()
    builder.button(text="English", callback_data=LanguageCb(language=Language.EN))
    builder.button(text="Русский", callback_data=LanguageCb(language=Language.RU))
    builder.adjust(2)
    return builder.as_markup()


def home_button(i18n: I18nContext) -> InlineKeyboardButton:
    return InlineKeyboardButton(
        text=i18n.get("button-menu"), callback_data=MenuCb(action=MenuAction.HOME).pack()
    )


@per_language
def back_to_menu(i18n: I18nContext) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[[home_button(i18n)]])
