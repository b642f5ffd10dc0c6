"""The batch's "Publish or schedule all" picker: each account (all preselected) toggled,
then now, spread over the days, or close."""

from collections.abc import Collection, Sequence

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder
from aiogram_i18n import I18nContext

from bot.callbacks import BatchPublishAction, BatchPublishCb
from services.publish_plans import PickableAccount


def picker(
    i18n: I18nContext, batch_id: int, accounts: Sequence[PickableAccount], picked: Collection[int]
) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for account in accounts:
        mark = "✅" if account.id in picked else "▫️"
        platform = i18n.get(f"platform-{account.platform.value}")
        builder.button(
            text=f"{mark} {platform}: {account.name}",
            callback_data=BatchPublishCb(
                action=BatchPublishAction.TOGGLE, batch_id=batch_id, account_id=account.id
            ),
        )
    for action, key in (
        (BatchPublishAction.NOW, "batch-publish-button-now"),
        (BatchPublishAction.SPREAD, "batch-publish-button-spread"),
        (BatchPublishAction.CLOSE, "batch-publish-button-close"),
    ):
        builder.button(
            text=i18n.get(key), callback_data=BatchPublishCb(action=action, batch_id=batch_id)
        )
    builder.adjust(1)
    return builder.as_markup()
