"""Keyboards under a preview: approve, publish, schedule, regenerate a scene, change the
voice, edit the text, pick the thumbnail; and "connect accounts" when there is nowhere to
publish yet."""

from collections.abc import Sequence

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder
from aiogram_i18n import I18nContext

from bot.callbacks import PreviewAction, PreviewCb
from bot.keyboards import Choice


def preview(i18n: I18nContext, project_id: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for action in (
        PreviewAction.APPROVE,
        PreviewAction.PUBLISH,
        PreviewAction.SCHEDULE,
        PreviewAction.REDO_MENU,
        PreviewAction.VOICE_MENU,
        PreviewAction.EDIT_TEXT,
        PreviewAction.THUMBNAILS,
    ):
        builder.button(
            text=i18n.get(f"preview-{action}"),
            callback_data=PreviewCb(action=action, project_id=project_id),
        )
    builder.adjust(1, 2, 2, 2)
    return builder.as_markup()


def no_accounts(i18n: I18nContext, project_id: int) -> InlineKeyboardMarkup:
    """Publish pressed with no account connected: connect one, or back to the preview."""
    builder = InlineKeyboardBuilder()
    builder.button(
        text=i18n.get("preview-connect"),
        callback_data=PreviewCb(action=PreviewAction.CONNECT, project_id=project_id),
    )
    builder.row(_back(i18n, project_id))
    return builder.as_markup()


def _back(i18n: I18nContext, project_id: int) -> InlineKeyboardButton:
    data = PreviewCb(action=PreviewAction.BACK, project_id=project_id)
    return InlineKeyboardButton(text=i18n.get("button-back"), callback_data=data.pack())


def scenes(i18n: I18nContext, project_id: int, count: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for scene in range(count):
        builder.button(
            text=str(scene + 1),
            callback_data=PreviewCb(
                action=PreviewAction.REDO_SCENE, project_id=project_id, item=scene
            ),
        )
    builder.adjust(5)
    builder.row(_back(i18n, project_id))
    return builder.as_markup()


def voices(i18n: I18nContext, project_id: int, choices: Sequence[Choice]) -> InlineKeyboardMarkup:
    """ID 0 is the stock voice."""
    builder = InlineKeyboardBuilder()
    for choice in (Choice(0, i18n.get("voice-stock")), *choices):
        builder.button(
            text=f"🎙 {choice.name}",
            callback_data=PreviewCb(
                action=PreviewAction.SET_VOICE, project_id=project_id, item=choice.id
            ),
        )
    builder.adjust(2)
    builder.row(_back(i18n, project_id))
    return builder.as_markup()
