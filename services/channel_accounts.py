"""Telegram channels as accounts: the bot posts to them as an admin, so they have no tokens.

`connect_channel` checks the channel first (publishers.telegram_verify: the bot may post
there and the person runs it), then `add_channel` keeps it; the channel's chat ID is the
account's external ID.
"""

import structlog
from aiogram import Bot
from sqlalchemy.ext.asyncio import AsyncSession

from core.enums import AccountStatus, Platform
from core.errors import NotFound
from db.models import SocialAccount
from db.queries import social_accounts, users
from publishers.telegram_verify import ChatRef, verify_channel

log = structlog.get_logger(__name__)


async def add_channel(
    session: AsyncSession, user_id: int, chat_id: int, title: str
) -> SocialAccount:
    """The user's channel account, added or made ACTIVE again with its current title."""
    external_id = str(chat_id)
    account = await social_accounts.find_account(session, user_id, Platform.TELEGRAM, external_id)
    if account is None:
        account = SocialAccount(
            user_id=user_id, platform=Platform.TELEGRAM, external_id=external_id
        )
        session.add(account)
    account.name = title[:256] or external_id
    account.status = AccountStatus.ACTIVE
    await session.commit()
    return account


async def connect_channel(
    session: AsyncSession, user_id: int, chat_ref: ChatRef, *, bot: Bot
) -> SocialAccount:
    """The channel `chat_ref` names (a chat ID from a forwarded post, or "@username"),
    checked and stored as the user's account (named by its @username, else its title).

    Raises the channel errors of publishers.telegram_errors (not found, not a channel, the
    bot or the person without the right to post), each with its own message.
    """
    user = await users.get_user(session, user_id)
    if user is None or user.telegram_id is None:
        raise NotFound(what="user")
    channel = await verify_channel(bot, chat_ref, user.telegram_id)
    name = f"@{channel.username}" if channel.username else channel.title
    account = await add_channel(session, user_id, channel.chat_id, name)
    log.info("channel.connected", user_id=user_id, account_id=account.id)
    return account
