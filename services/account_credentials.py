"""The credentials a publish job hands its publisher: the account's own, checked to be its
owner's, with the platform's OAuth client and a reconnect link for a refused refresh."""

from collections.abc import Mapping

import aiohttp
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.account_errors import PlatformNotOffered
from core.enums import Platform
from core.errors import NotFound
from core.platform_names import platform_name
from core.ports import AccountNotifier
from core.token_cipher import TokenCipher
from db.models import SocialAccount
from db.queries import social_accounts
from publishers.oauth import OAuthClient
from services.account_connect import connect_link
from services.account_tokens import DbCredentials
from services.web_links import WebLinks


async def open_credentials(
    sessionmaker: async_sessionmaker[AsyncSession], user_id: int, account_id: int, *,
    clients: Mapping[Platform, OAuthClient], http: aiohttp.ClientSession, cipher: TokenCipher,
    margin_s: float, web: WebLinks | None = None, notifier: AccountNotifier | None = None,
) -> DbCredentials:  # fmt: skip
    """The user's account's credentials (`PUBLISHERS__REFRESH_MARGIN_S` as `margin_s`).

    NotFound for another user's account; PlatformNotOffered when its platform has no client
    (Telegram channels have none: the bot posts to them with its own token).
    """
    async with sessionmaker() as session:
        account = await social_accounts.get_account(session, user_id, account_id)
    if account is None:
        raise NotFound(what="account")
    client = clients.get(account.platform)
    if client is None:
        raise PlatformNotOffered(platform=platform_name(account.platform))

    def reconnect_link(refused: SocialAccount) -> str | None:
        return None if web is None else connect_link(web, refused.user_id, refused.platform)

    return DbCredentials(
        sessionmaker,
        account,
        client=client,
        http=http,
        cipher=cipher,
        margin_s=margin_s,
        notifier=notifier,
        reconnect_link=reconnect_link,
    )
