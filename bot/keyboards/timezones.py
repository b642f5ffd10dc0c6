"""/timezone: the common zones as buttons (by index into COMMON_ZONES)."""

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder
from aiogram_i18n import I18nContext

from bot.keyboards import per_language
from bot.keyboards.menu import home_button
from bot.publish_callbacks import ZoneCb
from services.user_settings import COMMON_ZONES


@per_language
def zones(i18n: I18nContext) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for index in range(len(COMMON_ZONES)):
        builder.button(text=i18n.get(f"zone-{index}"), callback_data=ZoneCb(index=index))
    builder.adjust(2)
    builder.row(home_button(i18n))
    return builder.as_markup()
