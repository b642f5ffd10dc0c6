"""Connecting a Telegram channel: the bot checks it may post there and that the person runs
the channel (publishers.telegram_verify), then keeps it as a `telegram` account whose
external ID is the channel's chat ID. No tokens: the bot posts as the channel's admin."""

import structlog
from aiogram import Bot
from sqlalchemy.ext.asyncio import AsyncSession

from core.enums import AccountStatus, Platform
from core.errors import NotFound
from db.models import SocialAccount
from db.queries import social_accounts, users
from publishers.telegram_verify import ChatRef, verify_channel

log = structlog.get_logger(__name__)


async def connect_channel(
    session: AsyncSession, user_id: int, chat_ref: ChatRef, *, bot: Bot
) -> SocialAccount:
    """The channel `chat_ref` names (a chat ID from a forwarded post, or "@username"),
    stored as the user's account (connected again: ACTIVE with its current title).

    Raises the channel errors of publishers.telegram_errors (not found, not a channel, the
    bot or the person without the right to post), each with its own message.
    """
    user = await users.get_user(session, user_id)
    if user is None or user.telegram_id is None:
        raise NotFound(what="user")
    channel = await verify_channel(bot, chat_ref, user.telegram_id)
    name = f"@{channel.username}" if channel.username else channel.title
    external_id = str(channel.chat_id)
    account = await social_accounts.find_account(session, user_id, Platform.TELEGRAM, external_id)
    if account is None:
        account = SocialAccount(
            user_id=user_id, platform=Platform.TELEGRAM, external_id=external_id,
            name=name[:256], status=AccountStatus.ACTIVE,
        )  # fmt: skip
        session.add(account)
    else:
        account.name, account.status = name[:256], AccountStatus.ACTIVE
    await session.commit()
    log.info("channel.connected", user_id=user_id, account_id=account.id)
    return account
