"""The batch's buttons: under its summary (open, retry the failed, download, publish) and
the pages of numbered buttons that open each Short."""

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder
from aiogram_i18n import I18nContext

from bot.callbacks import BatchAction, BatchCb, NewAction, NewShortCb, ShortsAction, ShortsCb
from bot.keyboards import captions
from core.captions import CaptionLook

PER_PAGE = 40
PER_ROW = 8


def summary(i18n: I18nContext, batch_id: int, *, done: int, failed: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    if done or failed:
        builder.button(
            text=i18n.get("batch-button-open"),
            callback_data=BatchCb(action=BatchAction.LIST, batch_id=batch_id),
        )
    if failed:
        builder.button(
            text=i18n.get("batch-button-retry", count=failed),
            callback_data=BatchCb(action=BatchAction.RETRY, batch_id=batch_id),
        )
    if done:
        builder.button(
            text=i18n.get("batch-button-download"),
            callback_data=BatchCb(action=BatchAction.DOWNLOAD, batch_id=batch_id),
        )
        builder.button(
            text=i18n.get("batch-button-publish"),
            callback_data=BatchCb(action=BatchAction.PUBLISH, batch_id=batch_id),
        )
    builder.adjust(1)
    return builder.as_markup()


def items(batch_id: int, project_ids: list[int], page: int) -> InlineKeyboardMarkup:
    """Buttons 1..N (by the topic's place in the list) that open each Short, a page at a
    time, with arrows when there is more than one page."""
    builder = InlineKeyboardBuilder()
    pages = max(1, -(-len(project_ids) // PER_PAGE))
    page = min(max(0, page), pages - 1)
    first = page * PER_PAGE
    shown = project_ids[first : first + PER_PAGE]
    for number, project_id in enumerate(shown, start=first + 1):
        builder.button(
            text=str(number),
            callback_data=ShortsCb(action=ShortsAction.OPEN, project_id=project_id),
        )
    sizes = [PER_ROW] * (len(shown) // PER_ROW) + (
        [len(shown) % PER_ROW] if len(shown) % PER_ROW else []
    )
    arrows = []
    if page > 0:
        arrows.append(("◀️", page - 1))
    if page < pages - 1:
        arrows.append(("▶️", page + 1))
    for text, target in arrows:
        builder.button(
            text=text,
            callback_data=BatchCb(action=BatchAction.LIST, batch_id=batch_id, page=target),
        )
    builder.adjust(*sizes, len(arrows) or 1)
    return builder.as_markup()


def start(
    i18n: I18nContext,
    *,
    look: CaptionLook,
    offline_art: bool | None = None,
    price: float = 0.0,
) -> InlineKeyboardMarkup:
    """Under the batch's summary before it starts: the caption picker's button and the
    pictures toggle (fal.ai configured) as in New Short, start, or go back to the settings."""
    builder = InlineKeyboardBuilder()
    builder.add(captions.open_button(i18n, look))
    if offline_art is not None:
        text = (
            i18n.get("pictures-offline") if offline_art else i18n.get("pictures-ai", price=price)
        )
        builder.button(text=text, callback_data=NewShortCb(action=NewAction.PICTURES))
    builder.button(
        text=i18n.get("batch-button-start"), callback_data=BatchCb(action=BatchAction.START)
    )
    builder.button(text=i18n.get("button-back"), callback_data=NewShortCb(action=NewAction.BACK))
    builder.adjust(1)
    return builder.as_markup()
