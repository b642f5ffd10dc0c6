"""/api's buttons: make a key, revoke one (asked first)."""

from collections.abc import Sequence

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder
from aiogram_i18n import I18nContext

from bot.callbacks import ApiKeyAction, ApiKeyCb
from bot.keyboards import per_language


def api_keys(i18n: I18nContext, keys: Sequence[tuple[int, str]]) -> InlineKeyboardMarkup:
    """A New key button, then one Revoke button per (key ID, prefix)."""
    builder = InlineKeyboardBuilder()
    builder.button(text=i18n.get("api-new"), callback_data=ApiKeyCb(action=ApiKeyAction.NEW))
    for key_id, prefix in keys:
        builder.button(
            text=i18n.get("api-revoke", prefix=prefix),
            callback_data=ApiKeyCb(action=ApiKeyAction.REVOKE, key_id=key_id),
        )
    builder.adjust(1)
    return builder.as_markup()


@per_language
def revoke_confirm(i18n: I18nContext, key_id: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=i18n.get("api-revoke-yes"),
        callback_data=ApiKeyCb(action=ApiKeyAction.REVOKE_YES, key_id=key_id),
    )
    builder.button(
        text=i18n.get("api-revoke-no"), callback_data=ApiKeyCb(action=ApiKeyAction.KEEP)
    )
    builder.adjust(1)
    return builder.as_markup()
