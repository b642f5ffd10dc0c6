"""The fallbacks really start: embedded PostgreSQL and Redis, used and stopped.

These call the embedded starters directly, whatever servers the machine already has, so the
path a fresh machine takes is exercised on every run.
"""

import asyncio

import asyncpg  # type: ignore[import-untyped]
import pytest
import redis.asyncio
from sqlalchemy import make_url

from infra.embedded import start_embedded_postgres, start_embedded_redis
from infra.servers import (
    ServerUnavailableError,
    ensure_postgres,
    ensure_redis,
    postgres_answers,
    redis_answers,
)


async def test_embedded_postgres_starts_answers_and_stops() -> None:
    server = await asyncio.to_thread(start_embedded_postgres)
    try:
        dsn = make_url(server.url).set(drivername="postgresql")
        connection = await asyncpg.connect(dsn.render_as_string(hide_password=False))
        try:
            assert await connection.fetchval("SELECT 1") == 1
            assert await connection.fetchval("SHOW server_version") >= "18"
        finally:
            await connection.close()
    finally:
        await asyncio.to_thread(server.stop)
    assert not server.root.exists()
    assert not await asyncio.to_thread(postgres_answers, server.url)


async def test_embedded_redis_starts_answers_and_stops() -> None:
    server = await asyncio.to_thread(start_embedded_redis)
    try:
        assert server.url.startswith("redis://127.0.0.1:")  # TCP, as arq needs
        client = redis.asyncio.Redis.from_url(server.url.removesuffix("/0") + "/5")
        try:
            assert await client.ping() is True
            await client.set("key", "value")
            assert await client.get("key") == b"value"
        finally:
            await client.aclose()
    finally:
        await asyncio.to_thread(server.stop)
    assert not server.root.exists()
    assert not await asyncio.to_thread(redis_answers, server.url)


async def test_ensure_finds_answering_servers() -> None:
    assert await asyncio.to_thread(postgres_answers, await asyncio.to_thread(ensure_postgres))
    assert await asyncio.to_thread(redis_answers, await asyncio.to_thread(ensure_redis))


def test_an_unanswering_env_url_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:1/postgres")
    monkeypatch.setenv("TEST_REDIS_URL", "redis://127.0.0.1:1/0")
    with pytest.raises(ServerUnavailableError, match=r"TEST_POSTGRES_URL=.* does not answer"):
        ensure_postgres()
    with pytest.raises(ServerUnavailableError, match=r"TEST_REDIS_URL=.* does not answer"):
        ensure_redis()
