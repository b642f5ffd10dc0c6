"""A publish job's report in the person's chat and language: published (with the link),
moved to a later window (the time in their zone), "is it posted?" (two buttons), the account
needs reconnecting (the accounts screen a tap away), or failed (why, and Retry)."""

from datetime import datetime

import structlog
from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder
from aiogram.utils.text_decorations import html_decoration as html
from aiogram_i18n import I18nContext
from aiogram_i18n.cores import FluentRuntimeCore
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.i18n import context_for, translate
from bot.keyboards.accounts import accounts_button
from bot.publish_callbacks import PostAction, PostCb
from bot.time_text import local_time_text
from core.ports import PublicationEvent, PublicationNews
from services.publication_views import publication_recipient

log = structlog.get_logger(__name__)


def _buttons(i18n: I18nContext, event: PublicationEvent) -> InlineKeyboardMarkup | None:
    if event.news is PublicationNews.RECONNECT:
        return accounts_button(i18n)
    actions = {
        PublicationNews.CONFIRM: (PostAction.POSTED, PostAction.NOT_POSTED),
        PublicationNews.FAILED: (PostAction.RETRY,),
    }.get(event.news, ())
    if not actions:
        return None
    builder = InlineKeyboardBuilder()
    label = f"{i18n.get(f'platform-{event.platform.value}')} · {event.account_name}"
    for action in actions:
        builder.button(
            text=i18n.get(f"publication-{action}", label=label),
            callback_data=PostCb(action=action, publication_id=event.publication_id),
        )
    builder.adjust(1)
    return builder.as_markup()


def report_text(i18n: I18nContext, event: PublicationEvent, zone: str | None) -> str:
    platform = i18n.get(f"platform-{event.platform.value}")
    params: dict[str, str] = {"platform": platform, "name": html.quote(event.account_name)}
    if event.news is PublicationNews.PUBLISHED:
        url = str(event.params.get("url") or "")
        link = i18n.get("publication-link", url=html.quote(url)) if url else ""
        return i18n.get("report-published", link=link, **params).rstrip()
    if event.news is PublicationNews.SCHEDULED:
        when = datetime.fromisoformat(str(event.params["when"]))
        return i18n.get("report-scheduled", when=local_time_text(when, zone), **params)
    if event.news is PublicationNews.FAILED:
        # The platform's name in the person's language, not the publisher's English one.
        reason_params = {"channel": event.account_name, **event.params, "provider": platform}
        reason = translate(i18n, event.key or "error-internal", reason_params)
        return i18n.get("report-failed", reason=reason, **params)
    return i18n.get(f"report-{event.news.value}", **params)


async def report_publication(
    bot: Bot,
    sessionmaker: async_sessionmaker[AsyncSession],
    core: FluentRuntimeCore,
    event: PublicationEvent,
) -> None:
    """Send the report; Telegram trouble is logged (the publication stands as it is)."""
    async with sessionmaker() as session:
        user = await publication_recipient(session, event.user_id)
    if user is None or user.telegram_id is None:
        return
    i18n = context_for(core, user.language)
    text = report_text(i18n, event, user.timezone)
    try:
        await bot.send_message(user.telegram_id, text, reply_markup=_buttons(i18n, event))
    except TelegramAPIError as error:
        log.warning("notify.publication_failed", publication_id=event.publication_id,
                    error=str(error))  # fmt: skip
