"""Fixtures of the connect -> publish flow through the bot (a module name no test file
shadows): the five platform emulators, whose Telegram is the bot's; settings pointing at
them over the bot tests' PostgreSQL database; the web app (OAuth, media URLs) telling the
chat about connected accounts as `python -m api` does; the bot's publishing kit with every
platform's OAuth client, as `python -m bot` builds it; a browser that keeps cookies; and
the Fluent messages as the chat shows them."""

import socket
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiogram_i18n.cores import FluentRuntimeCore
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.account_notify import account_notifier
from bot.i18n import context_for
from bot.publishing_kit import PublishingKit, publishing_kit
from core.settings import Settings
from publishers.registry import oauth_clients
from tests.emulators.telegram import TelegramEmulator
from tests.emulators.telegram.formatting import parse_html
from tests.platforms.emulators import Emulators, five_platforms
from tests.platforms.runtime import free_socket, socket_url, web_app
from tests.platforms.settings import platform_settings


class Texts:
    """Fluent messages of one language: `html` as the bot sends them, `()` as the chat shows
    them (the HTML parsed to text, as Telegram does)."""

    def __init__(self, core: FluentRuntimeCore, language: str) -> None:
        self.i18n, self.language = context_for(core, language), language

    def html(self, key: str, **params: Any) -> str:
        return self.i18n.get(key, **params)

    def __call__(self, key: str, **params: Any) -> str:
        return parse_html(self.html(key, **params))[0]


@pytest.fixture
async def platforms() -> AsyncIterator[Emulators]:
    async with five_platforms() as emulators:
        yield emulators


@pytest.fixture
def emulator(platforms: Emulators) -> TelegramEmulator:
    """The bot's Telegram is the platforms' one: the channel is there."""
    return platforms.telegram


@pytest.fixture
def web_socket() -> Iterator[socket.socket]:
    sock = free_socket()
    yield sock
    sock.close()


@pytest.fixture
def settings(
    platforms: Emulators, bot_db_url: str, tmp_path: Path, web_socket: socket.socket
) -> Settings:
    made = platform_settings(
        platforms, db_url=bot_db_url, folder=tmp_path, web_url=socket_url(web_socket)
    )
    made.storage.root.mkdir(parents=True, exist_ok=True)
    return made


@pytest.fixture
def publishing(settings: Settings, db: async_sessionmaker[AsyncSession]) -> PublishingKit:
    """As `bot.dispatcher.build_dispatcher` builds it without one given."""
    return publishing_kit(settings, oauth_clients(settings.publishers), db)


@pytest.fixture
async def web(
    settings: Settings, web_socket: socket.socket, tmp_path: Path,
    db: async_sessionmaker[AsyncSession],
) -> AsyncIterator[str]:  # fmt: skip
    """The web app's public URL while it runs, reporting in the chat through its own Bot."""
    scratch = tmp_path / "web-scratch"
    scratch.mkdir()
    async with (
        account_notifier(settings, db) as notifier,
        web_app(settings, web_socket, scratch, notifier=notifier),
    ):
        yield settings.web.public_url


@pytest.fixture
async def browser() -> AsyncIterator[aiohttp.ClientSession]:
    """Follows redirects, keeps cookies (for 127.0.0.1 too: `unsafe`)."""
    jar = aiohttp.CookieJar(unsafe=True)
    async with aiohttp.ClientSession(
        cookie_jar=jar, timeout=aiohttp.ClientTimeout(total=30)
    ) as session:
        yield session
