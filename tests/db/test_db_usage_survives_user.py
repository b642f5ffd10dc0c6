"""Revision 0007_usage_survives_user: deleting a user (/delete_my_data) keeps their usage
rows without an owner, on SQLite and PostgreSQL; down to 0004 drops those rows and makes
user_id required again; up again."""

import asyncio

from alembic.command import downgrade, upgrade
from infra.databases import drop_database, recreate_database
from sqlalchemy import (
    BigInteger,
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
from db.models import UsageEntry, User

BEFORE, AFTER = "0006_project_leases", "0007_usage_survives_user"
# The users table as 0007 has it (the model's later columns do not exist yet).
OLD_USERS = table(
    "users",
    column("id", Integer()),
    column("telegram_id", BigInteger()),
    column("name", String()),
    column("language", String()),
)


async def _owners_after_deleting_one(engine: AsyncEngine) -> list[int | None]:
    """Two users with a usage row each; the first is deleted. The rows' owners, in order."""
    async with engine.begin() as connection:
        ids = []
        for telegram_id in (51, 52):
            add = insert(OLD_USERS).values(telegram_id=telegram_id, name="U", language="en")
            ids.append((await connection.execute(add.returning(OLD_USERS.c.id))).scalar_one())
        for user_id in ids:
            await connection.execute(
                insert(UsageEntry).values(
                    user_id=user_id, provider="fal", unit="images", quantity=1, cost_usd=0.04
                )
            )
        await connection.execute(delete(User).where(User.id == ids[0]))
        owners = await connection.scalars(select(UsageEntry.user_id).order_by(UsageEntry.id))
        return [None if owner is None else ids.index(owner) for owner in owners]


async def _history(url: str) -> None:
    config = alembic_config(url)
    await asyncio.to_thread(upgrade, config, AFTER)
    engine = make_engine(url)  # the application's: SQLite's foreign keys on
    try:
        assert await _owners_after_deleting_one(engine) == [None, 1]
        await asyncio.to_thread(downgrade, config, BEFORE)
        async with engine.connect() as connection:
            count = select(func.count()).select_from(UsageEntry)
            assert (await connection.execute(count)).scalar_one() == 1  # the owned row
            columns = await connection.run_sync(
                lambda sync: inspect(sync).get_columns("usage_entries")
            )
        assert next(c for c in columns if c["name"] == "user_id")["nullable"] is False
        await asyncio.to_thread(upgrade, config, AFTER)
    finally:
        await engine.dispose()


async def test_sqlite_keeps_usage_of_a_deleted_user(sqlite_url: str) -> None:
    await _history(sqlite_url)


async def test_postgres_keeps_usage_of_a_deleted_user(
    pg_server_url: str, worker_name: str
) -> None:
    name = f"test_db_{worker_name}_usage_owner"
    url = await recreate_database(pg_server_url, name)
    try:
        await _history(url)
    finally:
        await drop_database(pg_server_url, name)
