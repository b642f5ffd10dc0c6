"""My Shorts: one button per Short on the page, then the page arrows and the menu."""

from collections.abc import Sequence
from dataclasses import dataclass

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder
from aiogram_i18n import I18nContext

from bot.callbacks import ShortsAction, ShortsCb
from bot.keyboards.menu import home_button

TOPIC_CHARS = 32
STATUS_MARK = {
    "draft": "📝",
    "queued": "⏳",
    "running": "⚙️",
    "done": "✅",
    "failed": "⚠️",
    "cancelled": "✖️",
}


@dataclass(frozen=True, slots=True)
class ShortRow:
    project_id: int
    topic: str
    status: str


def shorts_page(
    i18n: I18nContext, rows: Sequence[ShortRow], page: int, has_next: bool
) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for row in rows:
        topic = row.topic if len(row.topic) <= TOPIC_CHARS else row.topic[: TOPIC_CHARS - 1] + "…"
        builder.button(
            text=f"{STATUS_MARK.get(row.status, '•')} {topic}",
            callback_data=ShortsCb(action=ShortsAction.OPEN, project_id=row.project_id),
        )
    builder.adjust(1)
    arrows = InlineKeyboardBuilder()
    if page > 0:
        arrows.button(text="◀️", callback_data=ShortsCb(action=ShortsAction.PAGE, page=page - 1))
    if has_next:
        arrows.button(text="▶️", callback_data=ShortsCb(action=ShortsAction.PAGE, page=page + 1))
    builder.attach(arrows.adjust(2))
    builder.row(home_button(i18n))
    return builder.as_markup()
