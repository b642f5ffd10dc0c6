"""The button under a failed Short: make it again from where it stopped."""

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder
from aiogram_i18n import I18nContext

from bot.callbacks import PreviewAction, PreviewCb


def retry(i18n: I18nContext, project_id: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=i18n.get("button-retry"),
        callback_data=PreviewCb(action=PreviewAction.RETRY, project_id=project_id),
    )
    return builder.as_markup()
