"""What the web app's routes are given, built once by the composition root (`api.__main__`)."""

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import aiohttp
from fastapi import Request
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.enums import Platform
from core.ports import AccountNotifier, FileStore
from core.token_cipher import TokenCipher
from publishers.oauth import OAuthClient
from services.web_links import WebLinks


@dataclass(frozen=True, slots=True)
class WebDeps:
    sessionmaker: async_sessionmaker[AsyncSession]
    clients: Mapping[Platform, OAuthClient]
    http: aiohttp.ClientSession
    cipher: TokenCipher
    links: WebLinks
    store: FileStore
    scratch: Path  # where a file from a remote store would be materialized
    notifier: AccountNotifier | None = None


def web_deps(request: Request) -> WebDeps:
    deps: WebDeps = request.app.state.deps
    return deps
