"""What the publishing handlers need beyond a session: the platforms' OAuth clients (for
connect links and revocation), the web app's links, the token cipher, one HTTP session, and
which platforms this server offers. Built once per process (`build_dispatcher`)."""

from collections.abc import Mapping
from dataclasses import dataclass, field

import aiohttp
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.enums import Platform
from core.publisher_settings import PublishersSettings
from core.settings import Settings
from core.token_cipher import TokenCipher, token_cipher
from publishers.oauth import OAuthClient
from services.web_links import WebLinks, web_links

OAUTH_PLATFORMS = (Platform.YOUTUBE, Platform.INSTAGRAM, Platform.TIKTOK, Platform.X)


@dataclass(slots=True)
class PublishingKit:
    clients: Mapping[Platform, OAuthClient]
    web: WebLinks
    cipher: TokenCipher
    offered: tuple[Platform, ...]  # what /accounts offers to connect, in this order
    settings: PublishersSettings
    # TikTok's post screen asks creator_info with the account's tokens (DbCredentials).
    sessionmaker: async_sessionmaker[AsyncSession] | None = None
    _http: aiohttp.ClientSession | None = field(default=None, repr=False)

    def http(self) -> aiohttp.ClientSession:
        """The process's HTTP session (made on first use, inside the event loop)."""
        if self._http is None or self._http.closed:
            self._http = aiohttp.ClientSession()
        return self._http

    @property
    def tiktok_ready(self) -> bool:
        """TikTok's post screen can be shown: its app and the tokens' database are here."""
        return Platform.TIKTOK in self.clients and self.sessionmaker is not None

    async def close(self) -> None:
        if self._http is not None:
            await self._http.close()


def offered_platforms(
    settings: Settings, clients: Mapping[Platform, OAuthClient]
) -> tuple[Platform, ...]:
    """Platforms with an app (PUBLISHERS__<P>__CLIENT_ID and __CLIENT_SECRET: their OAuth
    client exists, publishers.registry), and Telegram channels whenever the bot has a token
    (it posts there itself)."""
    found = [platform for platform in OAUTH_PLATFORMS if platform in clients]
    token = settings.bot.token.get_secret_value().strip() if settings.bot.token else ""
    return (*found, Platform.TELEGRAM) if token else tuple(found)


def publishing_kit(
    settings: Settings,
    clients: Mapping[Platform, OAuthClient] | None = None,
    sessionmaker: async_sessionmaker[AsyncSession] | None = None,
) -> PublishingKit:
    clients = dict(clients or {})
    return PublishingKit(
        clients=clients,
        web=web_links(settings),
        cipher=token_cipher(settings.publishers),
        offered=offered_platforms(settings, clients),
        settings=settings.publishers,
        sessionmaker=sessionmaker,
    )
