"""Character Studio keyboards: the list, the photo step, styles, skipping, one character."""

from collections.abc import Sequence

from aiogram.types import InlineKeyboardMarkup

__all__ = [
    "InlineKeyboardMarkup",
    "card",
    "confirm_delete",
    "photos_done",
    "skip",
    "studio",
    "styles",
]
from aiogram.utils.keyboard import InlineKeyboardBuilder
from aiogram_i18n import I18nContext

from bot.callbacks import CharacterAction, CharacterCb, VariationAction, VariationCb
from bot.keyboards import Choice, per_language
from bot.keyboards.menu import home_button


def studio(
    i18n: I18nContext, characters: Sequence[Choice], default_id: int | None
) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for character in characters:
        star = "⭐ " if character.id == default_id else ""
        builder.button(
            text=f"{star}🧑 {character.name}",
            callback_data=CharacterCb(action=CharacterAction.OPEN, character_id=character.id),
        )
    builder.button(
        text=i18n.get("character-new"), callback_data=CharacterCb(action=CharacterAction.CREATE)
    )
    builder.adjust(1)
    builder.row(home_button(i18n))
    return builder.as_markup()


@per_language
def photos_done(i18n: I18nContext) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=i18n.get("button-next"), callback_data=CharacterCb(action=CharacterAction.DONE_PHOTOS)
    )
    builder.row(home_button(i18n))
    return builder.as_markup()


@per_language
def skip(i18n: I18nContext) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=i18n.get("button-skip"), callback_data=CharacterCb(action=CharacterAction.SKIP)
    )
    builder.row(home_button(i18n))
    return builder.as_markup()


@per_language
def styles(i18n: I18nContext, names: Sequence[str]) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for name in names:
        builder.button(
            text=i18n.get(f"style-{name}"),
            callback_data=CharacterCb(action=CharacterAction.STYLE, style=name),
        )
    builder.adjust(3)
    builder.row(home_button(i18n))
    return builder.as_markup()


def card(i18n: I18nContext, character_id: int, *, is_default: bool) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    actions = [CharacterAction.PREVIEW]
    if not is_default:
        actions.append(CharacterAction.DEFAULT)
    actions += [CharacterAction.DELETE, CharacterAction.LIST]
    for action in actions:
        builder.button(
            text=i18n.get(f"character-{action}"),
            callback_data=CharacterCb(action=action, character_id=character_id),
        )
    builder.button(
        text=i18n.get("character-variations"),
        callback_data=VariationCb(action=VariationAction.MENU, character_id=character_id),
    )
    builder.adjust(2)
    return builder.as_markup()


def confirm_delete(i18n: I18nContext, character_id: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=i18n.get("character-delete-yes"),
        callback_data=CharacterCb(
            action=CharacterAction.CONFIRM_DELETE, character_id=character_id
        ),
    )
    builder.button(
        text=i18n.get("button-back"),
        callback_data=CharacterCb(action=CharacterAction.OPEN, character_id=character_id),
    )
    builder.adjust(2)
    return builder.as_markup()
