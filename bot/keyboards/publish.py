"""The publish picker: account toggles, each platform's "edit text", then publish now or on
to the time; the AI-label question asked once; the time choice (next free slot or a pick)."""

from collections.abc import Collection, Sequence

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder
from aiogram_i18n import I18nContext

from bot.publish_callbacks import PublishAction, PublishCb
from services.publish_plans import PickableAccount


def picker(
    i18n: I18nContext,
    project_id: int,
    accounts: Sequence[PickableAccount],
    picked: Collection[int],
    *,
    later: bool,
) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for account in accounts:
        mark = "✅" if account.id in picked else "⬜"
        platform = i18n.get(f"platform-{account.platform.value}")
        builder.button(
            text=f"{mark} {platform} · {account.name}",
            callback_data=PublishCb(
                action=PublishAction.TOGGLE, project_id=project_id, item=account.id
            ),
        )
    platforms = list(dict.fromkeys(a.platform for a in accounts if a.id in picked))
    for platform in platforms:
        builder.button(
            text=i18n.get("publish-edit-text", platform=i18n.get(f"platform-{platform.value}")),
            callback_data=PublishCb(
                action=PublishAction.TEXT, project_id=project_id, platform=platform
            ),
        )
    go = PublishAction.WHEN if later else PublishAction.GO
    builder.button(
        text=i18n.get("publish-when" if later else "publish-go"),
        callback_data=PublishCb(action=go, project_id=project_id),
    )
    builder.button(
        text=i18n.get("publish-close"),
        callback_data=PublishCb(action=PublishAction.CLOSE, project_id=project_id),
    )
    builder.adjust(*([1] * (len(accounts) + len(platforms))), 2)
    return builder.as_markup()


def ai_question(i18n: I18nContext, project_id: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for action in (PublishAction.AI_YES, PublishAction.AI_NO):
        builder.button(
            text=i18n.get(f"publish-{action}"),
            callback_data=PublishCb(action=action, project_id=project_id),
        )
    builder.adjust(2)
    return builder.as_markup()


def time_choice(i18n: I18nContext, project_id: int, slot: str) -> InlineKeyboardMarkup:
    """`slot`: the next free slot as the person reads it."""
    builder = InlineKeyboardBuilder()
    builder.button(
        text=i18n.get("publish-slot", when=slot),
        callback_data=PublishCb(action=PublishAction.SLOT, project_id=project_id),
    )
    builder.button(
        text=i18n.get("publish-pick"),
        callback_data=PublishCb(action=PublishAction.PICK, project_id=project_id),
    )
    builder.button(
        text=i18n.get("publish-close"),
        callback_data=PublishCb(action=PublishAction.CLOSE, project_id=project_id),
    )
    builder.adjust(1)
    return builder.as_markup()
