"""/delete_my_data's confirmation: delete everything, or keep it."""

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder
from aiogram_i18n import I18nContext

from bot.callbacks import PrivacyAction, PrivacyCb
from bot.keyboards import per_language


@per_language
def confirm_erase(i18n: I18nContext) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=i18n.get("privacy-erase-yes"), callback_data=PrivacyCb(action=PrivacyAction.ERASE)
    )
    builder.button(
        text=i18n.get("privacy-erase-no"), callback_data=PrivacyCb(action=PrivacyAction.KEEP)
    )
    builder.adjust(1)
    return builder.as_markup()
