"""What the web app's routes are given, built once by the composition root (`api.server`)."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import aiohttp
from fastapi import Request
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.key_cache import KeyCache
from api.rate_limit import RateLimiter
from core.enums import Platform
from core.ports import AccountNotifier, FileStore, JobQueue
from core.settings import Settings
from core.token_cipher import TokenCipher
from publishers.oauth import OAuthClient
from services.batch_estimate import SpeedMemo
from services.web_links import WebLinks
from storage.disk import Storage


@dataclass(frozen=True, slots=True)
class RestDeps:
    """What the REST API adds to the web app: without it only OAuth, media and health run."""

    settings: Settings
    queue: JobQueue
    storage: Storage  # the process's working folder over the file store
    clock: Callable[[], datetime]
    limiter: RateLimiter
    # No reuse unless asked for (python -m api gives it API__KEY_CACHE_S).
    keys: KeyCache = field(default_factory=lambda: KeyCache(ttl_s=0))
    # This install's measured speed behind status estimates; read each time unless asked.
    speeds: SpeedMemo = field(default_factory=lambda: SpeedMemo(ttl_s=0))


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
    rest: RestDeps | None = None


async def web_deps(request: Request) -> WebDeps:
    # async, as every dependency here: FastAPI runs a plain `def` one in its thread pool,
    # a thread hop per request that cost more than the request's own queries.
    deps: WebDeps = request.app.state.deps
    return deps
