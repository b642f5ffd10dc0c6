"""Revision 0008_deliveries on SQLite and PostgreSQL: a project written in the old shape
(its progress message inside `options`, a key nobody reads) upgrades to a `deliveries` row,
typed options and the "chat" origin; the downgrade puts the message back."""

import asyncio
from typing import Any

import sqlalchemy as sa
from alembic.command import downgrade, upgrade
from infra.databases import drop_database, recreate_database
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.asyncio import AsyncEngine

from core.enums import ProjectOrigin
from core.project_options import ProjectOptions, VoiceChoice
from db.engine import make_engine, make_sessionmaker
from db.migrate import alembic_config
from db.models import Project
from db.queries import deliveries

BEFORE, AFTER = "0007_usage_survives_user", "0008_deliveries"
JSON = sa.JSON().with_variant(JSONB(), "postgresql")
OLD_OPTIONS: dict[str, Any] = {
    "voice": {"engine": "espeak", "voice_id": 3, "name": "ru+f3", "speed": 1.1, "rate": 170},
    "photos": ["users/1/projects/1/inputs/photo_00.png"],
    "music": None,
    "scene_seeds": {"2": 77},
    "progress_message": {"chat_id": 4242, "message_id": 17, "revision": 1},
    "approved": True,
    "leftover": "from a hand edit",
}
users = sa.table(
    "users",
    sa.column("id", sa.Integer()),
    sa.column("telegram_id", sa.BigInteger()),
    sa.column("name", sa.String()),
    sa.column("language", sa.String()),
)
projects = sa.table(
    "projects",
    sa.column("id", sa.Integer()),
    sa.column("user_id", sa.Integer()),
    sa.column("topic", sa.String()),
    sa.column("language", sa.String()),
    sa.column("target_duration", sa.Float()),
    sa.column("style", sa.String()),
    sa.column("tone", sa.String()),
    sa.column("options", JSON),
    sa.column("revision", sa.Integer()),
)


async def _old_project(engine: AsyncEngine) -> int:
    """A user and a project as revision 0007 stored them (no ORM: the models are newer)."""
    async with engine.begin() as connection:
        user = users.insert().values(telegram_id=4242, name="Old", language="ru")
        user_id = (await connection.execute(user.returning(users.c.id))).scalar_one()
        project = projects.insert().values(
            user_id=user_id, topic="Old Short", language="ru", target_duration=15.0,
            style="vivid", tone="calm", options=OLD_OPTIONS, revision=1,
        )  # fmt: skip
        return int((await connection.execute(project.returning(projects.c.id))).scalar_one())


async def _raw_options(engine: AsyncEngine, project_id: int) -> dict[str, Any]:
    async with engine.connect() as connection:
        found = sa.select(projects.c.options).where(projects.c.id == project_id)
        return dict((await connection.execute(found)).scalar_one())


async def _upgrade_an_old_row(url: str) -> None:
    config = alembic_config(url)
    await asyncio.to_thread(upgrade, config, BEFORE)
    raw = make_engine(url, for_migrations=True)
    app = make_engine(url)
    try:
        project_id = await _old_project(raw)
        await asyncio.to_thread(upgrade, config, AFTER)
        await asyncio.to_thread(upgrade, config, "head")  # what the models read

        async with make_sessionmaker(app)() as session:
            project = await session.get(Project, project_id)
            assert project is not None
            assert project.origin is ProjectOrigin.CHAT
            assert project.options == ProjectOptions(
                voice=VoiceChoice(engine="espeak", voice_id=3, name="ru+f3", speed=1.1),
                photos=("users/1/projects/1/inputs/photo_00.png",),
                scene_seeds={"2": 77},
                approved=True,
            )
            delivery = await deliveries.get_delivery(session, project_id)
            assert delivery is not None
            assert (delivery.chat_id, delivery.message_id, delivery.revision) == (4242, 17, 1)

        await asyncio.to_thread(downgrade, config, BEFORE)
        restored = await _raw_options(raw, project_id)
        assert restored["progress_message"] == {"chat_id": 4242, "message_id": 17, "revision": 1}
        assert "leftover" not in restored  # what the typed shape dropped stays dropped
    finally:
        await raw.dispose()
        await app.dispose()


async def test_sqlite_upgrades_an_old_row(sqlite_url: str) -> None:
    await _upgrade_an_old_row(sqlite_url)


async def test_postgres_upgrades_an_old_row(pg_server_url: str, worker_name: str) -> None:
    name = f"test_db_{worker_name}_deliveries"
    url = await recreate_database(pg_server_url, name)
    try:
        await _upgrade_an_old_row(url)
    finally:
        await drop_database(pg_server_url, name)
