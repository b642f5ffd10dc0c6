"""The inline date-and-time picker: days, then hours, then minutes (00/15/30/45), all in the
person's zone (the handler turns the pick into UTC)."""

from collections.abc import Sequence
from datetime import date

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder
from aiogram_i18n import I18nContext

from bot.publish_callbacks import PickAction, PickTimeCb, PublishAction, PublishCb
from services.publish_slots import PICKER_MINUTES


def day_number(day: date) -> int:
    return day.year * 10_000 + day.month * 100 + day.day


def day_of(number: int) -> date:
    return date(number // 10_000, number // 100 % 100, number % 100)


def _close(builder: InlineKeyboardBuilder, i18n: I18nContext, project_id: int) -> None:
    builder.button(
        text=i18n.get("publish-close"),
        callback_data=PublishCb(action=PublishAction.CLOSE, project_id=project_id),
    )


def days(i18n: I18nContext, project_id: int, offered: Sequence[date]) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for day in offered:
        builder.button(
            text=f"{day:%d.%m}",
            callback_data=PickTimeCb(
                action=PickAction.DAY, project_id=project_id, day=day_number(day)
            ),
        )
    _close(builder, i18n, project_id)
    builder.adjust(*([4] * ((len(offered) + 3) // 4)), 1)
    return builder.as_markup()


def hours(i18n: I18nContext, project_id: int, day: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for hour in range(24):
        builder.button(
            text=f"{hour:02d}",
            callback_data=PickTimeCb(
                action=PickAction.HOUR, project_id=project_id, day=day, hour=hour
            ),
        )
    _close(builder, i18n, project_id)
    builder.adjust(6, 6, 6, 6, 1)
    return builder.as_markup()


def minutes(i18n: I18nContext, project_id: int, day: int, hour: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for minute in PICKER_MINUTES:
        builder.button(
            text=f"{hour:02d}:{minute:02d}",
            callback_data=PickTimeCb(
                action=PickAction.MINUTE, project_id=project_id, day=day, hour=hour, minute=minute
            ),
        )
    _close(builder, i18n, project_id)
    builder.adjust(4, 1)
    return builder.as_markup()
