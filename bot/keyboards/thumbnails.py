"""The thumbnail picker under the preview's candidates: one button per candidate (the
picked one ticked) and "another thumbnail"."""

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder
from aiogram_i18n import I18nContext

from bot.callbacks import PreviewAction, PreviewCb


def thumbnails(
    i18n: I18nContext, project_id: int, count: int, chosen: int
) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for candidate in range(count):
        mark = "✅ " if candidate == chosen else ""
        builder.button(
            text=mark + i18n.get("thumbnail-pick", number=candidate + 1),
            callback_data=PreviewCb(
                action=PreviewAction.PICK_THUMBNAIL, project_id=project_id, item=candidate
            ),
        )
    builder.button(
        text=i18n.get("thumbnail-another"),
        callback_data=PreviewCb(action=PreviewAction.NEW_THUMBNAILS, project_id=project_id),
    )
    builder.adjust(count, 1)
    return builder.as_markup()
