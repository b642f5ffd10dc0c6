"""Shared fixtures: real PostgreSQL, Redis and S3 (found or started lazily), SQLite files,
storage.

Nothing here is autouse: a test pays for a server only when it asks for a fixture that needs
one. PostgreSQL: `pg_url` (a migrated database per xdist worker), `engine`, and per test
`session` / `sessionmaker` inside a transaction that is rolled back. Redis: `redis_url`
(a database index claimed per test process on the server, flushed before each test). S3:
`s3_endpoint` (one server per test process: mark its tests `xdist_group("s3")` so a parallel
run starts only one; each test works under a key prefix of its own).
"""

import asyncio
import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import redis.asyncio
from arq import create_pool
from arq.connections import RedisSettings
from infra.databases import RUN_ID, drop_database, recreate_database
from infra.redis_dbs import claim_database, release_database, renew_claim
from infra.s3 import S3Endpoint, ensure_s3
from infra.servers import ensure_postgres, ensure_redis, stop_started_servers
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from db.base import Base
from db.engine import make_engine, make_sessionmaker
from db.migrate import upgrade_head
from jobs.queue import ArqQueue

WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")


@pytest.fixture(scope="session")
def worker_name() -> str:
    """The xdist worker ("gw0", "gw1", ...) or "main" for a serial run."""
    return WORKER


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    # xdist workers may leave without running atexit handlers: stop embedded servers here.
    stop_started_servers()


@pytest.fixture(scope="session")
async def pg_server_url() -> str:
    """URL of the server's maintenance database; create and drop databases through it."""
    return await asyncio.to_thread(ensure_postgres)


@pytest.fixture(scope="session")
async def pg_url(pg_server_url: str) -> AsyncIterator[str]:
    """A fresh database `test_db_<run>_<worker>` migrated to head, once per worker and run."""
    name = f"test_db_{RUN_ID}_{WORKER}"
    url = await recreate_database(pg_server_url, name)
    await asyncio.to_thread(upgrade_head, url)
    yield url
    await drop_database(pg_server_url, name)


@pytest.fixture(scope="session")
async def engine(pg_url: str) -> AsyncIterator[AsyncEngine]:
    engine = make_engine(pg_url)
    yield engine
    await engine.dispose()


@pytest.fixture
async def sessionmaker(engine: AsyncEngine) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """Sessions bound to one connection whose outer transaction is rolled back after the test.

    A `commit()` in the code under test only releases a savepoint, so tests stay isolated.
    """
    async with engine.connect() as connection:
        transaction = await connection.begin()
        yield async_sessionmaker(
            bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
        )
        await transaction.rollback()


@pytest.fixture
async def committing(engine: AsyncEngine) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """The production sessionmaker on the worker's test database: commits are real and every
    session has its own connection, as in production (the savepoint fixture shares one
    connection, so sessions used at once there interleave their savepoints). Rows go after."""
    yield make_sessionmaker(engine)
    async with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            await connection.execute(table.delete())


@pytest.fixture
async def session(sessionmaker: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    async with sessionmaker() as session:
        yield session


@pytest.fixture(scope="session")
async def redis_server_url() -> str:
    return await asyncio.to_thread(ensure_redis)


@pytest.fixture(scope="session")
def redis_database(redis_server_url: str) -> Iterator[int]:
    """This test process's own Redis database, claimed on the server for the run (another
    run on the same server, CI beside a developer, gets another one)."""
    owner = f"{RUN_ID}:{WORKER}:{os.getpid()}"
    index = claim_database(redis_server_url, owner)
    yield index
    release_database(redis_server_url, index, owner)


@pytest.fixture
async def redis_url(redis_server_url: str, redis_database: int) -> str:
    """This process's own Redis database, flushed first."""
    owner = f"{RUN_ID}:{WORKER}:{os.getpid()}"
    await asyncio.to_thread(renew_claim, redis_server_url, redis_database, owner)
    url = urlsplit(redis_server_url)._replace(path=f"/{redis_database}").geturl()
    client = redis.asyncio.Redis.from_url(url)
    try:
        await client.flushdb()
    finally:
        await client.aclose()
    return url


@pytest.fixture(scope="session")
async def s3_endpoint() -> S3Endpoint:
    """TEST_S3_URL, else SeaweedFS from its wheel; the run fails (never skips) without one."""
    return await asyncio.to_thread(ensure_s3)


@pytest.fixture
async def arq_queue(redis_url: str) -> AsyncIterator[ArqQueue]:
    """The production queue on this worker's Redis with no worker: what a service enqueues
    waits there (`is_pending` sees it)."""
    queue = ArqQueue(await create_pool(RedisSettings.from_dsn(redis_url)))
    yield queue
    await queue.close()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """URL of a SQLite file (not created yet) in the test's temp folder."""
    return f"sqlite+aiosqlite:///{tmp_path / 'test.db'}"


@pytest.fixture
def storage_root(tmp_path: Path) -> Path:
    """An empty storage root (artifact paths are relative to it)."""
    root = tmp_path / "storage"
    root.mkdir()
    return root
