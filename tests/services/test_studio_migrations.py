"""Revision 0002_studios: up, down to the initial schema and up again, on SQLite and PostgreSQL."""

import asyncio
from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.command import downgrade, upgrade
from alembic.migration import MigrationContext
from infra.databases import drop_database, recreate_database
from sqlalchemy import Connection, inspect
from sqlalchemy.ext.asyncio import AsyncEngine

from db.base import Base
from db.engine import make_engine
from db.migrate import alembic_config, upgrade_head

STUDIO_TABLES = {"voices", "voice_samples", "characters", "character_photos"}
INITIAL, STUDIOS = "85a3f3fb0f6d", "0002_studios"


def _schema(connection: Connection) -> dict[str, Any]:
    inspector = inspect(connection)
    tables = set(inspector.get_table_names()) - {"alembic_version"}
    return {
        "tables": tables,
        "revision": MigrationContext.configure(connection).get_current_revision(),
        "indexes": {
            table: sorted(
                (i["name"] or "", bool(i["unique"])) for i in inspector.get_indexes(table)
            )
            for table in sorted(STUDIO_TABLES & tables)
        },
        "foreign_keys": {
            table: sorted(
                (fk["name"] or "", fk["referred_table"], fk["options"].get("ondelete") or "")
                for fk in inspector.get_foreign_keys(table)
            )
            for table in sorted(STUDIO_TABLES & tables)
        },
    }


def _studio_diff(connection: Connection) -> list[Any]:
    """Differences between the models and the database that touch the studio tables."""
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    diff = compare_metadata(context, Base.metadata)
    return [entry for entry in diff if any(table in repr(entry) for table in STUDIO_TABLES)]


async def _run(engine: AsyncEngine, fn: Any) -> Any:
    async with engine.connect() as connection:
        return await connection.run_sync(fn)


async def _up_down_up(url: str, engine: AsyncEngine) -> None:
    config = alembic_config(url)
    await asyncio.to_thread(upgrade, config, STUDIOS)
    after_upgrade = await _run(engine, _schema)
    assert after_upgrade["tables"] >= STUDIO_TABLES
    assert after_upgrade["revision"] == STUDIOS
    assert ("uq_voices_default_user_id", True) in after_upgrade["indexes"]["voices"]
    assert ("uq_characters_default_user_id", True) in after_upgrade["indexes"]["characters"]
    assert after_upgrade["foreign_keys"]["voice_samples"] == [
        ("fk_voice_samples_user_id_users", "users", "CASCADE"),
        ("fk_voice_samples_voice_id_voices", "voices", "CASCADE"),
    ]

    await asyncio.to_thread(downgrade, config, INITIAL)
    after_downgrade = await _run(engine, _schema)
    assert after_downgrade["revision"] == INITIAL
    assert not STUDIO_TABLES & after_downgrade["tables"]
    assert after_downgrade["tables"] == after_upgrade["tables"] - STUDIO_TABLES

    await asyncio.to_thread(upgrade, config, STUDIOS)
    assert await _run(engine, _schema) == after_upgrade

    await asyncio.to_thread(upgrade_head, url)
    assert await _run(engine, _studio_diff) == []  # the models match the migration


async def test_sqlite_up_down_up(sqlite_url: str) -> None:
    engine = make_engine(sqlite_url, for_migrations=True)
    try:
        await _up_down_up(sqlite_url, engine)
    finally:
        await engine.dispose()


async def test_postgres_up_down_up(pg_server_url: str, worker_name: str) -> None:
    name = f"test_db_{worker_name}_studios"
    url = await recreate_database(pg_server_url, name)
    engine = make_engine(url, for_migrations=True)
    try:
        await _up_down_up(url, engine)
    finally:
        await engine.dispose()
        await drop_database(pg_server_url, name)
