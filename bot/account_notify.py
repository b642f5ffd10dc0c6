"""The owner of an account hears about it in the chat: connected (from the web app's
callback), or refused by its platform with a link to connect it again (from a publish job).
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import structlog
from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.utils.text_decorations import html_decoration as html
from aiogram_i18n.cores import FluentRuntimeCore
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clients import make_bot
from bot.i18n import context_for, make_core
from bot.responses import keep_response_models
from core.platform_names import platform_name
from core.ports import AccountChange, AccountEvent
from core.settings import Settings
from services.social_accounts import owner_chat

log = structlog.get_logger(__name__)


class TelegramAccountNotifier:
    """An `AccountNotifier` on the bot; Telegram trouble is logged, never raised."""

    def __init__(
        self, bot: Bot, sessionmaker: async_sessionmaker[AsyncSession], core: FluentRuntimeCore
    ) -> None:
        self.bot, self.sessionmaker, self.core = bot, sessionmaker, core

    async def account(self, event: AccountEvent) -> None:
        async with self.sessionmaker() as session:
            chat = await owner_chat(session, event.user_id)
        if chat is None:
            return
        chat_id, language = chat
        i18n = context_for(self.core, language)
        platform = platform_name(event.platform)
        name = html.quote(event.name)
        if event.change is AccountChange.CONNECTED:
            text = i18n.get("account-connected", platform=platform, name=name)
        else:
            link = html.quote(event.link or "/accounts")
            text = i18n.get("account-reconnect-needed", platform=platform, name=name, link=link)
        try:
            await self.bot.send_message(chat_id, text)
        except TelegramAPIError as error:
            log.warning("notify.account_failed", user_id=event.user_id, error=str(error))


@asynccontextmanager
async def account_notifier(
    settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
) -> AsyncIterator[TelegramAccountNotifier]:
    """The notifier of a process that does not poll (the web app); its Bot closed on exit."""
    keep_response_models()
    bot = make_bot(settings)
    try:
        core = make_core()
        await core.startup()
        yield TelegramAccountNotifier(bot, sessionmaker, core)
    finally:
        await bot.session.close()
