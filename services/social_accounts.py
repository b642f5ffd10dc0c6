"""The accounts a user publishes to: listing them and disconnecting one."""

from collections.abc import Mapping, Sequence

import aiohttp
import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from core.enums import AccountStatus, Platform
from core.errors import DomainError, NotFound
from core.token_cipher import TokenCipher, TokenUnreadable
from db.models import SocialAccount
from db.queries import social_accounts, users
from publishers.oauth import OAuthClient, TokenSet

log = structlog.get_logger(__name__)


async def list_accounts(
    session: AsyncSession, user_id: int, platform: Platform | None = None
) -> Sequence[SocialAccount]:
    """The user's accounts that are connected or need reconnecting (not the disconnected)."""
    found = await social_accounts.list_accounts(session, user_id, platform)
    return [account for account in found if account.status is not AccountStatus.DISCONNECTED]


async def get_account(session: AsyncSession, user_id: int, account_id: int) -> SocialAccount:
    """The user's account; NotFound for another user's (or no) account."""
    account = await social_accounts.get_account(session, user_id, account_id)
    if account is None:
        raise NotFound(what="account")
    return account


async def disconnect_account(
    session: AsyncSession, user_id: int, account_id: int, *,
    clients: Mapping[Platform, OAuthClient], http: aiohttp.ClientSession, cipher: TokenCipher,
) -> SocialAccount:  # fmt: skip
    """Revoke the grant where the platform allows it, wipe the tokens, mark it DISCONNECTED.

    A revocation that fails is logged, not raised: the tokens are wiped all the same, and
    the person can revoke the app in the platform's settings. NotFound for another user's.
    """
    account = await get_account(session, user_id, account_id)
    client = clients.get(account.platform)
    if client is not None and account.access_token is not None:
        try:
            tokens = TokenSet(
                access_token=cipher.open(account.access_token),
                refresh_token=None
                if account.refresh_token is None
                else cipher.open(account.refresh_token),
                expires_at=account.expires_at,
            )
            revoked = await client.revoke(http, tokens)
        except (DomainError, TokenUnreadable, aiohttp.ClientError) as error:
            log.warning("account.revoke_failed", account_id=account.id, error=str(error))
            revoked = False
        log.info("account.revoked", account_id=account.id, revoked=revoked)
    account.access_token = account.refresh_token = None
    account.expires_at = None
    account.status = AccountStatus.DISCONNECTED
    await session.commit()
    return account


async def owner_chat(session: AsyncSession, user_id: int) -> tuple[int, str] | None:
    """(Telegram chat ID, language) of an account's owner; None for a user with no chat."""
    user = await users.get_user(session, user_id)
    if user is None or user.telegram_id is None:
        return None
    return user.telegram_id, user.language
