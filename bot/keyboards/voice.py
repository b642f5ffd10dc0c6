"""Voice Studio keyboards: the voice list, the sample step, consent, a voice and its settings."""

from collections.abc import Sequence

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder
from aiogram_i18n import I18nContext

from bot.callbacks import VoiceAction, VoiceCb, VoiceSetting
from bot.keyboards import Choice, per_language
from bot.keyboards.menu import home_button

STEP = 10  # hundredths: one press moves a setting by 0.1


def studio(
    i18n: I18nContext, voices: Sequence[Choice], default_id: int | None
) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for voice in voices:
        star = "⭐ " if voice.id == default_id else ""
        builder.button(
            text=f"{star}🎙 {voice.name}",
            callback_data=VoiceCb(action=VoiceAction.OPEN, voice_id=voice.id),
        )
    builder.button(text=i18n.get("voice-new"), callback_data=VoiceCb(action=VoiceAction.RECORD))
    builder.adjust(1)
    builder.row(home_button(i18n))
    return builder.as_markup()


@per_language
def samples(i18n: I18nContext, *, has_samples: bool) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    if has_samples:
        builder.button(
            text=i18n.get("voice-create"), callback_data=VoiceCb(action=VoiceAction.CREATE)
        )
        builder.button(
            text=i18n.get("voice-discard"), callback_data=VoiceCb(action=VoiceAction.DISCARD)
        )
    builder.adjust(2)
    builder.row(home_button(i18n))
    return builder.as_markup()


@per_language
def consent(i18n: I18nContext) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=i18n.get("voice-consent-yes"), callback_data=VoiceCb(action=VoiceAction.CONSENT)
    )
    builder.adjust(1)
    builder.row(home_button(i18n))
    return builder.as_markup()


def voice_card(i18n: I18nContext, voice_id: int, *, is_default: bool) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    actions = [VoiceAction.TEST, VoiceAction.SETTINGS]
    if not is_default:
        actions.append(VoiceAction.DEFAULT)
    actions += [VoiceAction.DELETE, VoiceAction.LIST]
    for action in actions:
        builder.button(
            text=i18n.get(f"voice-{action}"),
            callback_data=VoiceCb(action=action, voice_id=voice_id),
        )
    builder.adjust(2)
    return builder.as_markup()


def voice_settings(i18n: I18nContext, voice_id: int) -> InlineKeyboardMarkup:
    """A row per setting: minus, its name, plus."""
    builder = InlineKeyboardBuilder()
    for setting in VoiceSetting:
        for delta, label in ((-STEP, "−"), (STEP, "+")):  # noqa: RUF001 - a real minus
            builder.button(
                text=f"{label} {i18n.get(f'voice-setting-{setting}')}",
                callback_data=VoiceCb(
                    action=VoiceAction.ADJUST, voice_id=voice_id, setting=setting, delta=delta
                ),
            )
    builder.button(
        text=i18n.get("button-back"),
        callback_data=VoiceCb(action=VoiceAction.OPEN, voice_id=voice_id),
    )
    builder.adjust(2)
    return builder.as_markup()


def confirm_delete(i18n: I18nContext, voice_id: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=i18n.get("voice-delete-yes"),
        callback_data=VoiceCb(action=VoiceAction.CONFIRM_DELETE, voice_id=voice_id),
    )
    builder.button(
        text=i18n.get("button-back"),
        callback_data=VoiceCb(action=VoiceAction.OPEN, voice_id=voice_id),
    )
    builder.adjust(2)
    return builder.as_markup()
