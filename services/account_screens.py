"""What /accounts shows: the person's accounts and a connect link per offered platform."""

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from core.enums import Platform
from core.errors import NotFound
from db.models import SocialAccount
from db.queries import users
from services.account_connect import OAuthClients, connect_link
from services.social_accounts import list_accounts
from services.web_links import WebLinks


@dataclass(frozen=True, slots=True)
class AccountsScreen:
    accounts: Sequence[SocialAccount]
    links: dict[Platform, str]  # the web app's signed start link per offered OAuth platform


async def accounts_screen(
    session: AsyncSession, user_id: int, offered: Sequence[Platform], *,
    clients: OAuthClients, web: WebLinks,
) -> AccountsScreen:  # fmt: skip
    """The user's accounts (connected or needing a reconnect) and fresh connect links for the
    offered platforms this server has an app for (a link expires; each screen makes new)."""
    if await users.get_user(session, user_id) is None:
        raise NotFound(what="user")
    links = {
        platform: connect_link(web, user_id, platform)
        for platform in offered
        if platform in clients
    }
    return AccountsScreen(await list_accounts(session, user_id), links)
