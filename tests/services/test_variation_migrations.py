"""Revision 0004_character_variations: up, down to 0003 and up again, on SQLite and
PostgreSQL; its foreign keys cascade, so deleting a character deletes its variations."""

import asyncio
from typing import Any

from alembic.command import downgrade, upgrade
from alembic.migration import MigrationContext
from infra.databases import drop_database, recreate_database
from sqlalchemy import (
    BigInteger,
    Connection,
    Integer,
    String,
    column,
    delete,
    func,
    insert,
    inspect,
    select,
    table,
)
from sqlalchemy.ext.asyncio import AsyncEngine

from db.engine import make_engine
from db.migrate import alembic_config
from db.models import Character, CharacterVariation, User

TABLE = "character_variations"
BEFORE, VARIATIONS = "0003_fsm_states", "0004_character_variations"

# The users table as the older revisions have it (the model's later columns do not exist yet).
OLD_USERS = table(
    "users",
    column("id", Integer()),
    column("telegram_id", BigInteger()),
    column("name", String()),
    column("language", String()),
)


def _schema(connection: Connection) -> dict[str, Any]:
    inspector = inspect(connection)
    tables = set(inspector.get_table_names()) - {"alembic_version"}
    found = TABLE in tables
    return {
        "tables": tables,
        "revision": MigrationContext.configure(connection).get_current_revision(),
        "indexes": sorted(i["name"] or "" for i in inspector.get_indexes(TABLE)) if found else [],
        "unique": sorted(u["name"] or "" for u in inspector.get_unique_constraints(TABLE))
        if found
        else [],
        "foreign_keys": sorted(
            (fk["name"] or "", fk["referred_table"], fk["options"].get("ondelete") or "")
            for fk in inspector.get_foreign_keys(TABLE)
        )
        if found
        else [],
    }


async def _run(engine: AsyncEngine, fn: Any) -> Any:
    async with engine.connect() as connection:
        return await connection.run_sync(fn)


async def _cascades(url: str) -> int:
    """Add a user, a character and a variation, delete the character: variations left.
    (The application's engine: the migrations' one leaves SQLite's foreign keys off.)"""
    engine = make_engine(url)
    try:
        return await _add_and_delete(engine)
    finally:
        await engine.dispose()


async def _add_and_delete(engine: AsyncEngine) -> int:
    async with engine.begin() as connection:
        user_id = (
            await connection.execute(
                insert(OLD_USERS)
                .values(telegram_id=5, name="U", language="en")
                .returning(OLD_USERS.c.id)
            )
        ).scalar_one()
        character_id = (
            await connection.execute(
                insert(Character)
                .values(user_id=user_id, name="C", style="neon", colours=[], description="")
                .returning(Character.id)
            )
        ).scalar_one()
        await connection.execute(
            insert(CharacterVariation).values(
                user_id=user_id, character_id=character_id, kind="mirrored", source="cutout",
                path="x.png", similarity=0.99,
            )
        )  # fmt: skip
        await connection.execute(delete(Character).where(Character.id == character_id))
        left = select(func.count()).select_from(CharacterVariation)
        count = (await connection.execute(left)).scalar_one()
        await connection.execute(delete(User).where(User.id == user_id))
        return int(count)


async def _up_down_up(url: str, engine: AsyncEngine) -> None:
    config = alembic_config(url)
    await asyncio.to_thread(upgrade, config, VARIATIONS)
    after_upgrade = await _run(engine, _schema)
    assert after_upgrade["revision"] == VARIATIONS
    assert TABLE in after_upgrade["tables"]
    assert after_upgrade["foreign_keys"] == [
        ("fk_character_variations_character_id_characters", "characters", "CASCADE"),
        ("fk_character_variations_user_id_users", "users", "CASCADE"),
    ]
    assert "ix_character_variations_user_id_character_id" in after_upgrade["indexes"]
    assert await _cascades(url) == 0

    await asyncio.to_thread(downgrade, config, BEFORE)
    after_downgrade = await _run(engine, _schema)
    assert after_downgrade["revision"] == BEFORE
    assert after_downgrade["tables"] == after_upgrade["tables"] - {TABLE}

    await asyncio.to_thread(upgrade, config, VARIATIONS)
    assert await _run(engine, _schema) == after_upgrade


async def test_sqlite_up_down_up(sqlite_url: str) -> None:
    engine = make_engine(sqlite_url, for_migrations=True)
    try:
        await _up_down_up(sqlite_url, engine)
    finally:
        await engine.dispose()


async def test_postgres_up_down_up(pg_server_url: str, worker_name: str) -> None:
    name = f"test_db_{worker_name}_variations"
    url = await recreate_database(pg_server_url, name)
    engine = make_engine(url, for_migrations=True)
    try:
        await _up_down_up(url, engine)
    finally:
        await engine.dispose()
        await drop_database(pg_server_url, name)
