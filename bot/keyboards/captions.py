"""The caption picker of New Short and of a batch: the look, where the captions sit, their
size, and the scene counter; the chosen ones carry a check mark. Both summaries open it with
`open_button` and show the choice with `summary_text`."""

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder
from aiogram_i18n import I18nContext

from bot.callbacks import CaptionAction, CaptionCb
from bot.keyboards import per_language
from bot.keyboards.menu import home_button
from core.captions import CaptionChoice, CaptionLook, CaptionPosition, CaptionSize

CHECK = "✅ "


def _mark(chosen: bool) -> str:
    return CHECK if chosen else ""


def open_button(i18n: I18nContext, look: CaptionLook) -> InlineKeyboardButton:
    """The summary's button that opens the picker, naming the look chosen."""
    return InlineKeyboardButton(
        text=i18n.get("captions-button", look=i18n.get(f"caption-look-{look}")),
        callback_data=CaptionCb(action=CaptionAction.OPEN).pack(),
    )


@per_language
def picker(i18n: I18nContext, choice: CaptionChoice, *, counter: bool) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for look in CaptionLook:
        builder.button(
            text=_mark(look is choice.look) + i18n.get(f"caption-look-{look}"),
            callback_data=CaptionCb(action=CaptionAction.LOOK, look=look),
        )
    for position in CaptionPosition:
        builder.button(
            text=_mark(position is choice.position) + i18n.get(f"caption-position-{position}"),
            callback_data=CaptionCb(action=CaptionAction.POSITION, position=position),
        )
    for size in CaptionSize:
        builder.button(
            text=_mark(size is choice.size) + i18n.get(f"caption-size-{size}"),
            callback_data=CaptionCb(action=CaptionAction.SIZE, size=size),
        )
    builder.button(
        text=i18n.get("captions-counter-on" if counter else "captions-counter-off"),
        callback_data=CaptionCb(action=CaptionAction.COUNTER),
    )
    builder.button(
        text=i18n.get("captions-done"), callback_data=CaptionCb(action=CaptionAction.DONE)
    )
    builder.adjust(3, 2, 2, 2, 1, 1)
    builder.row(home_button(i18n))
    return builder.as_markup()


def summary_text(i18n: I18nContext, choice: CaptionChoice, *, counter: bool) -> str:
    """The summary's "Captions" line: look, position, size (and the counter when on)."""
    text = i18n.get(
        "captions-summary",
        look=i18n.get(f"caption-look-{choice.look}"),
        position=i18n.get(f"caption-position-{choice.position}").lower(),
        size=i18n.get(f"caption-size-{choice.size}").lower(),
    )
    return i18n.get("captions-summary-counter", captions=text) if counter else text
