"""Engine and sessionmaker factories; the composition root calls these, nothing else does."""

import time
from pathlib import Path
from typing import Any

from sqlalchemy import event, make_url
from sqlalchemy.engine import URL
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import NullPool

# A pooled PostgreSQL connection idle this long is pinged before it is handed out. One used
# more recently is trusted: asyncpg's ping is three round trips (BEGIN, a query, ROLLBACK),
# a third of a short API read's database time, to guard against what a server restart in
# the last few seconds would do (one failed statement, after which the pool is renewed).
PING_AFTER_IDLE_S = 5.0


def sqlite_file(url: str | URL) -> Path | None:
    """Return the database file of a SQLite URL, or None for other URLs and in-memory SQLite."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    database = parsed.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def make_engine(url: str, *, echo: bool = False, for_migrations: bool = False) -> AsyncEngine:
    """Build the async engine for `url` (asyncpg or aiosqlite).

    SQLite gets its folder created, WAL, a busy timeout and enforced foreign keys. Pooled
    PostgreSQL connections idle for PING_AFTER_IDLE_S are pinged before use, so a server
    restart costs no failed update unless it came within those seconds.
    `for_migrations` gives a pool-less engine that leaves SQLite's foreign keys off, as Alembic's
    batch mode needs (it recreates tables, which would cascade with foreign keys on).
    """
    parsed = make_url(url)
    kwargs: dict[str, Any] = {"echo": echo}
    if for_migrations:
        kwargs["poolclass"] = NullPool
    engine = create_async_engine(parsed, **kwargs)
    if parsed.get_backend_name() == "postgresql" and not for_migrations:
        _ping_when_idle(engine, PING_AFTER_IDLE_S)
    if parsed.get_backend_name() == "sqlite":
        if (path := sqlite_file(parsed)) is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        _configure_sqlite(engine, foreign_keys=not for_migrations)
    return engine


def _ping_when_idle(engine: AsyncEngine, idle_s: float) -> None:
    pool, dialect = engine.sync_engine.pool, engine.sync_engine.dialect

    @event.listens_for(pool, "checkin")
    def _on_checkin(_dbapi_connection: Any, record: Any) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(pool, "checkout")
    def _on_checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        idle_since = record.info.get("idle_since")
        if idle_since is None or time.monotonic() - idle_since < idle_s:
            return  # new, or in use moments ago
        try:
            dialect.do_ping(dbapi_connection)
        except dialect.loaded_dbapi.Error as error:
            # The pool drops this connection and checks out another (a new one if need be).
            raise DisconnectionError from error


def _configure_sqlite(engine: AsyncEngine, *, foreign_keys: bool) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # SQLite settings are per connection, so they are set on each new one.
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA busy_timeout=5000")  # ms to wait for a writer
            cursor.execute("PRAGMA journal_mode=WAL")
            # In WAL mode NORMAL cannot corrupt the file; a power cut may drop the last
            # commits. FULL would fsync every commit: several ms per chat step.
            cursor.execute("PRAGMA synchronous=NORMAL")
            if foreign_keys:
                cursor.execute("PRAGMA foreign_keys=ON")
        finally:
            cursor.close()


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Return the one session factory: sessions keep loaded values after commit."""
    return async_sessionmaker(engine, expire_on_commit=False)
