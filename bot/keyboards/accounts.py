"""The accounts screen: each account's disconnect (and reconnect) button, a connect button
per offered platform (a link to the web app; a Telegram channel asks in the chat)."""

from collections.abc import Mapping, Sequence

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder
from aiogram.utils.text_decorations import html_decoration as html
from aiogram_i18n import I18nContext

from bot.keyboards.menu import home_button
from bot.publish_callbacks import AccountAction, AccountCb
from core.enums import AccountStatus, Platform
from db.models import SocialAccount


def accounts_text(i18n: I18nContext, accounts: Sequence[SocialAccount]) -> str:
    """The list, one line per account with its status."""
    if not accounts:
        return i18n.get("accounts-empty")
    lines = [
        i18n.get(
            "accounts-line",
            platform=i18n.get(f"platform-{account.platform.value}"),
            name=html.quote(account.name),
            status=i18n.get(f"account-status-{account.status.value}"),
        )
        for account in accounts
    ]
    return i18n.get("accounts-title") + "\n" + "\n".join(lines)


def accounts_keyboard(
    i18n: I18nContext,
    accounts: Sequence[SocialAccount],
    offered: Sequence[Platform],
    links: Mapping[Platform, str],
) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for account in accounts:
        link = links.get(account.platform)
        if account.status is AccountStatus.RECONNECT_REQUIRED and link:
            builder.button(text=i18n.get("accounts-reconnect", name=account.name), url=link)
        builder.button(
            text=i18n.get("accounts-disconnect", name=account.name),
            callback_data=AccountCb(action=AccountAction.DISCONNECT, account_id=account.id),
        )
    for platform in offered:
        label = i18n.get("accounts-connect", platform=i18n.get(f"platform-{platform.value}"))
        if platform is Platform.TELEGRAM:
            data = AccountCb(action=AccountAction.CONNECT, platform=platform)
            builder.button(text=label, callback_data=data)
        elif platform in links:
            builder.button(text=label, url=links[platform])
    builder.adjust(1)
    builder.row(home_button(i18n))
    return builder.as_markup()


def confirm_disconnect(i18n: I18nContext, account_id: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=i18n.get("accounts-disconnect-yes"),
        callback_data=AccountCb(action=AccountAction.CONFIRM_DISCONNECT, account_id=account_id),
    )
    builder.button(
        text=i18n.get("button-back"), callback_data=AccountCb(action=AccountAction.LIST)
    )
    builder.adjust(2)
    return builder.as_markup()


def accounts_button(i18n: I18nContext) -> InlineKeyboardMarkup:
    """One button that opens the accounts screen (a reconnect report, an empty picker)."""
    builder = InlineKeyboardBuilder()
    builder.button(
        text=i18n.get("accounts-open"), callback_data=AccountCb(action=AccountAction.LIST)
    )
    return builder.as_markup()
