"""Engine set-up: SQLite's folder, WAL and foreign keys; the migration guard; URL parsing."""

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import event, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from db.engine import make_engine, make_sessionmaker, sqlite_file
from db.migrate import upgrade_head
from db.models import Project


def _orphan() -> Project:
    return Project(user_id=12345, topic="t", language="ru", target_duration=1, style="s", tone="t")


async def test_sqlite_gets_its_folder_wal_and_foreign_keys(tmp_path: Path) -> None:
    path = tmp_path / "new" / "folder" / "shorts.db"
    sqlite_url = f"sqlite+aiosqlite:///{path}"
    await asyncio.to_thread(upgrade_head, sqlite_url)  # creates the folder too
    engine = make_engine(sqlite_url)
    try:
        async with make_sessionmaker(engine)() as session:
            session.add(_orphan())
            with pytest.raises(IntegrityError, match="FOREIGN KEY"):
                await session.commit()
        assert await asyncio.to_thread(Path(f"{path}-wal").exists)
    finally:
        await engine.dispose()


async def test_the_migration_engine_leaves_sqlite_foreign_keys_off(sqlite_url: str) -> None:
    # Alembic's batch mode copies and drops tables; with foreign keys on, that would cascade.
    await asyncio.to_thread(upgrade_head, sqlite_url)
    engine = make_engine(sqlite_url, for_migrations=True)
    try:
        async with make_sessionmaker(engine)() as session:
            session.add(_orphan())
            await session.flush()
            await session.rollback()
    finally:
        await engine.dispose()


async def test_migrations_refuse_a_running_event_loop(sqlite_url: str) -> None:
    with pytest.raises(RuntimeError, match=r"asyncio\.to_thread"):
        upgrade_head(sqlite_url)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("sqlite+aiosqlite:///data/shorts.db", Path("data/shorts.db")),
        ("sqlite+aiosqlite:////abs/x.db", Path("/abs/x.db")),
        ("sqlite+aiosqlite://", None),
        ("sqlite+aiosqlite:///:memory:", None),
        ("postgresql+asyncpg://postgres@127.0.0.1/shorts", None),
    ],
)
def test_sqlite_file(url: str, expected: Path | None) -> None:
    assert sqlite_file(url) == expected


async def _pid(engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        return int((await connection.execute(text("SELECT pg_backend_pid()"))).scalar_one())


async def test_a_connection_that_died_while_idle_is_replaced_before_use(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A server restart (here: the backend killed) while the pooled connection sat idle
    costs no failed statement: it is pinged on checkout and replaced."""
    monkeypatch.setattr("db.engine.PING_AFTER_IDLE_S", 0.0)
    engine, killer = make_engine(pg_url), make_engine(pg_url)
    try:
        first = await _pid(engine)
        async with killer.connect() as connection:
            await connection.execute(text(f"SELECT pg_terminate_backend({first})"))
        assert await _pid(engine) != first
    finally:
        await engine.dispose()
        await killer.dispose()


async def test_a_connection_used_moments_ago_is_not_pinged(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("db.engine.PING_AFTER_IDLE_S", 3600.0)
    engine = make_engine(pg_url)
    statements: list[str] = []
    event.listen(engine.sync_engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    try:
        first = await _pid(engine)
        assert await _pid(engine) == first
        assert statements == ["SELECT pg_backend_pid()"] * 2  # no ping between
    finally:
        await engine.dispose()
