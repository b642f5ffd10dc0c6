"""TikTok's post screen: the privacy levels the creator offers (none chosen until the person
picks one), comment/duet/stitch off until turned on (greyed where the creator disabled
them), the commercial-content disclosure and what it is, then Continue."""

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder
from aiogram_i18n import I18nContext

from bot.publish_callbacks import PublishAction, PublishCb, TikTokAction, TikTokCb
from publishers.tiktok import CreatorInfo
from services.tiktok_post import DISCLOSURE, INTERACTIONS, TOGGLES, TikTokPicks, allowed


def tiktok_screen(
    i18n: I18nContext, project_id: int, account_id: int, info: CreatorInfo, picks: TikTokPicks
) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    sizes = []

    def add(action: TikTokAction, value: int, text: str) -> None:
        data = TikTokCb(action=action, project_id=project_id, account_id=account_id, value=value)
        builder.button(text=text, callback_data=data)

    for index, level in enumerate(info.privacy_level_options):
        mark = "🔘" if picks.privacy == level else "⚪"
        add(TikTokAction.PRIVACY, index, f"{mark} {i18n.get(f'tiktok-privacy-{level}')}")
    sizes += [2] * ((len(info.privacy_level_options) + 1) // 2)
    shown = [*INTERACTIONS, "disclose"]
    if "disclose" in picks.toggles:
        shown += [t for t in DISCLOSURE if t != "disclose"]
    for name in shown:
        if not allowed(info, name):
            add(TikTokAction.TOGGLE, TOGGLES.index(name), i18n.get(f"tiktok-{name}-off"))
        else:
            mark = "☑️" if name in picks.toggles else "⬜"
            add(TikTokAction.TOGGLE, TOGGLES.index(name), f"{mark} {i18n.get(f'tiktok-{name}')}")
        sizes.append(1)
    add(TikTokAction.DONE, 0, i18n.get("tiktok-continue"))
    builder.button(
        text=i18n.get("publish-close"),
        callback_data=PublishCb(action=PublishAction.CLOSE, project_id=project_id),
    )
    builder.adjust(*sizes, 2)
    return builder.as_markup()
