"""Keyboards of the New Short conversation: duration, style, tone, cast (voice, character,
or the user's own voiceover), confirmation."""

from collections.abc import Sequence

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder
from aiogram_i18n import I18nContext

from bot.callbacks import NewAction, NewShortCb, Tone
from bot.keyboards import Choice, captions, per_language
from bot.keyboards.menu import home_button
from core.captions import CaptionLook
from services.schemas import OFFERED_DURATIONS

DURATIONS = OFFERED_DURATIONS
CHECK = "✅ "


@per_language
def durations(i18n: I18nContext) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for seconds in DURATIONS:
        builder.button(
            text=i18n.get("duration-button", seconds=seconds),
            callback_data=NewShortCb(action=NewAction.DURATION, value=seconds),
        )
    builder.adjust(len(DURATIONS))
    builder.row(home_button(i18n))
    return builder.as_markup()


@per_language
def styles(i18n: I18nContext, names: Sequence[str]) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for name in names:
        builder.button(
            text=i18n.get(f"style-{name}"),
            callback_data=NewShortCb(action=NewAction.STYLE, style=name),
        )
    builder.adjust(3)
    builder.row(home_button(i18n))
    return builder.as_markup()


@per_language
def tones(i18n: I18nContext) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for tone in Tone:
        builder.button(
            text=i18n.get(f"tone-{tone}"),
            callback_data=NewShortCb(action=NewAction.TONE, tone=tone),
        )
    builder.adjust(3)
    builder.row(home_button(i18n))
    return builder.as_markup()


def cast(
    i18n: I18nContext,
    voices: Sequence[Choice],
    characters: Sequence[Choice],
    voice_id: int,
    character_id: int,
    *,
    voiceover_s: float | None = None,
) -> InlineKeyboardMarkup:
    """Voices, then characters, then "my own voiceover"; the chosen ones (defaults first)
    carry a check mark. A voiceover (its length in `voiceover_s`) replaces any voice.

    ID 0 is the stock voice and "no character".
    """
    builder = InlineKeyboardBuilder()
    for choice in (Choice(0, i18n.get("voice-stock")), *voices):
        mark = CHECK if choice.id == voice_id and voiceover_s is None else ""
        builder.button(
            text=f"{mark}🎙 {choice.name}",
            callback_data=NewShortCb(action=NewAction.VOICE, value=choice.id),
        )
    for choice in (Choice(0, i18n.get("character-none")), *characters):
        mark = CHECK if choice.id == character_id else ""
        builder.button(
            text=f"{mark}🧑 {choice.name}",
            callback_data=NewShortCb(action=NewAction.CHARACTER, value=choice.id),
        )
    own = (
        i18n.get("voiceover-button")
        if voiceover_s is None
        else CHECK + i18n.get("voiceover-button-chosen", seconds=round(voiceover_s))
    )
    builder.button(text=own, callback_data=NewShortCb(action=NewAction.VOICEOVER))
    builder.button(text=i18n.get("button-next"), callback_data=NewShortCb(action=NewAction.NEXT))
    builder.adjust(2)
    builder.row(home_button(i18n))
    return builder.as_markup()


@per_language
def confirm(
    i18n: I18nContext,
    *,
    look: CaptionLook | None = None,
    offline_art: bool | None = None,
    price: float = 0.0,
) -> InlineKeyboardMarkup:
    """Create / Back; with `offline_art` set (fal.ai configured), first the pictures toggle:
    AI pictures at `price` per scene or free offline art; with `look`, the button that opens
    the caption picker."""
    builder = InlineKeyboardBuilder()
    rows = [2]
    if offline_art is not None:
        text = (
            i18n.get("pictures-offline") if offline_art else i18n.get("pictures-ai", price=price)
        )
        builder.button(text=text, callback_data=NewShortCb(action=NewAction.PICTURES))
        rows = [1, *rows]
    if look is not None:
        builder.add(captions.open_button(i18n, look))
        rows = [1, *rows]
    builder.button(
        text=i18n.get("button-create"), callback_data=NewShortCb(action=NewAction.CONFIRM)
    )
    builder.button(text=i18n.get("button-back"), callback_data=NewShortCb(action=NewAction.BACK))
    builder.adjust(*rows)
    builder.row(home_button(i18n))
    return builder.as_markup()


@per_language
def voiceover_back(i18n: I18nContext) -> InlineKeyboardMarkup:
    """Under "send your voiceover": back to the voice and character choice."""
    builder = InlineKeyboardBuilder()
    builder.button(text=i18n.get("button-back"), callback_data=NewShortCb(action=NewAction.BACK))
    builder.row(home_button(i18n))
    return builder.as_markup()
