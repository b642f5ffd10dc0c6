"""The schema history: SQLite up, down and up again; PostgreSQL at head; models match it."""

import asyncio
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from infra.databases import drop_database, recreate_database
from sqlalchemy import Connection, inspect
from sqlalchemy.ext.asyncio import AsyncEngine

from db.base import Base
from db.engine import make_engine, sqlite_file
from db.migrate import downgrade_base, head_revision, upgrade_head, upgrade_head_in_child

APP_TABLES = {
    "users",
    "api_keys",
    "webhooks",
    "webhook_deliveries",
    "projects",
    "metric_snapshots",
    "scripts",
    "stage_runs",
    "artifacts",
    "usage_entries",
    "voices",
    "voice_samples",
    "voice_requests",
    "characters",
    "character_photos",
    "fsm_states",
    "deliveries",
    "character_variations",
    "social_accounts",
    "oauth_flows",
    "publications",
    "batches",
    "payments",
}


def _schema(connection: Connection) -> dict[str, Any]:
    inspector = inspect(connection)
    return {
        "tables": set(inspector.get_table_names()) - {"alembic_version"},
        "revision": MigrationContext.configure(connection).get_current_revision(),
        "indexes": {
            table: sorted(index["name"] or "" for index in inspector.get_indexes(table))
            for table in APP_TABLES & set(inspector.get_table_names())
        },
    }


def _diff(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, Base.metadata))


async def _run(engine: AsyncEngine, fn: Any) -> Any:
    async with engine.connect() as connection:
        return await connection.run_sync(fn)


async def test_sqlite_upgrade_downgrade_upgrade(sqlite_url: str) -> None:
    engine = make_engine(sqlite_url)
    try:
        await asyncio.to_thread(upgrade_head, sqlite_url)
        path = sqlite_file(sqlite_url)
        assert path is not None
        assert path.is_file()
        after_upgrade = await _run(engine, _schema)
        assert after_upgrade["tables"] == APP_TABLES
        assert after_upgrade["revision"] == head_revision()

        await asyncio.to_thread(downgrade_base, sqlite_url)
        after_downgrade = await _run(engine, _schema)
        assert after_downgrade["tables"] == set()
        assert after_downgrade["revision"] is None

        await asyncio.to_thread(upgrade_head, sqlite_url)
        assert await _run(engine, _schema) == after_upgrade
    finally:
        await engine.dispose()


async def test_upgrade_head_twice_is_a_noop(sqlite_url: str) -> None:
    engine = make_engine(sqlite_url)
    try:
        await asyncio.to_thread(upgrade_head, sqlite_url)
        first = await _run(engine, _schema)
        await asyncio.to_thread(upgrade_head, sqlite_url)
        assert await _run(engine, _schema) == first
    finally:
        await engine.dispose()


async def test_models_match_the_migrations_on_sqlite(sqlite_url: str) -> None:
    await asyncio.to_thread(upgrade_head, sqlite_url)
    engine = make_engine(sqlite_url)
    try:
        assert await _run(engine, _diff) == []
    finally:
        await engine.dispose()


async def test_postgres_is_at_head_and_matches_the_models(engine: AsyncEngine) -> None:
    schema = await _run(engine, _schema)
    assert schema["tables"] == APP_TABLES
    assert schema["revision"] == head_revision()
    assert await _run(engine, _diff) == []


async def test_postgres_upgrade_downgrade_upgrade(pg_server_url: str, worker_name: str) -> None:
    name = f"test_db_{worker_name}_history"
    url = await recreate_database(pg_server_url, name)
    engine = make_engine(url, for_migrations=True)
    try:
        await asyncio.to_thread(upgrade_head, url)
        after_upgrade = await _run(engine, _schema)
        assert after_upgrade["tables"] == APP_TABLES
        await asyncio.to_thread(downgrade_base, url)
        assert (await _run(engine, _schema))["tables"] == set()
        await asyncio.to_thread(upgrade_head, url)
        assert await _run(engine, _schema) == after_upgrade
    finally:
        await engine.dispose()
        await drop_database(pg_server_url, name)


async def test_postgres_upgrade_head_again_is_a_noop(pg_url: str, engine: AsyncEngine) -> None:
    before = await _run(engine, _schema)
    await asyncio.to_thread(upgrade_head, pg_url)
    assert await _run(engine, _schema) == before


async def test_upgrade_in_a_child_process_leaves_alembic_out_of_this_one(sqlite_url: str) -> None:
    await asyncio.to_thread(upgrade_head_in_child, sqlite_url)
    engine = make_engine(sqlite_url)
    try:
        schema = await _run(engine, _schema)
    finally:
        await engine.dispose()
    assert schema["tables"] == APP_TABLES
    assert schema["revision"] == head_revision()


async def test_a_relative_sqlite_file_is_migrated_where_this_process_opens_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # the child runs in the checkout, this process here
    url = "sqlite+aiosqlite:///data/relative.db"
    (tmp_path / "data").mkdir()
    await asyncio.to_thread(upgrade_head_in_child, url)
    engine = make_engine(url)
    try:
        schema = await _run(engine, _schema)
    finally:
        await engine.dispose()
    assert schema["tables"] == APP_TABLES


def test_a_failed_child_migration_says_why() -> None:
    with pytest.raises(RuntimeError, match="database migration failed"):
        upgrade_head_in_child("postgresql+asyncpg://nobody@127.0.0.1:9/none")
