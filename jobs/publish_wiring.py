"""What the publish job is built from, per process settings: the platforms' publishers, the
accounts' credentials (refreshed single-flight, sealed at rest) and signed media URLs."""

from collections.abc import Callable
from functools import partial

import aiohttp
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.enums import Platform
from core.ports import AccountNotifier
from core.settings import Settings
from core.token_cipher import token_cipher
from db.models import SocialAccount
from publishers.base import Credentials, Publisher
from publishers.registry import BotTokenCredentials, oauth_clients, publishers
from services.account_connect import connect_link
from services.account_tokens import DbCredentials
from services.media_links import media_url
from services.publish_media import MediaUrl
from services.web_links import web_links


def publishers_for(settings: Settings) -> dict[Platform, Publisher]:
    return publishers(settings.publishers, settings.bot)


def media_url_for(settings: Settings) -> MediaUrl:
    return partial(media_url, web=web_links(settings))


def credentials_for(
    sessionmaker: async_sessionmaker[AsyncSession],
    settings: Settings,
    http: aiohttp.ClientSession,
    notifier: AccountNotifier | None = None,
) -> Callable[[SocialAccount], Credentials]:
    clients = oauth_clients(settings.publishers)
    cipher = token_cipher(settings.publishers)
    links = web_links(settings)

    def credentials(account: SocialAccount) -> Credentials:
        if account.platform is Platform.TELEGRAM:
            token = settings.bot.token
            if token is None:
                raise ValueError("BOT__TOKEN is needed to post to Telegram channels")
            return BotTokenCredentials(account.external_id, token.get_secret_value())
        return DbCredentials(
            sessionmaker, account, client=clients[account.platform], http=http, cipher=cipher,
            margin_s=settings.publishers.refresh_margin_s, notifier=notifier,
            reconnect_link=lambda acc: connect_link(links, acc.user_id, acc.platform),
        )  # fmt: skip

    return credentials
