"""Telegram channels as accounts: the bot posts to them as an admin, so they have no tokens.

The bot checks that it is an admin of the channel with the right to post before it calls
`add_channel`; the channel's chat ID is the account's external ID.
"""

from sqlalchemy.ext.asyncio import AsyncSession

from core.enums import AccountStatus, Platform
from db.models import SocialAccount
from db.queries import social_accounts


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
