"""Alembic environment: async engine, URL from the caller, `-x url=` or the app settings."""

import asyncio
from typing import Any

from sqlalchemy import make_url
from sqlalchemy.engine import Connection

import db.models  # noqa: F401  (registers every table on Base.metadata)
from alembic import context
from db.base import Base
from db.engine import make_engine

config = context.config
target_metadata = Base.metadata

# db.migrate sets configure_logger=False: an application's logging is not Alembic's to reset.
# The `alembic` command logs as the application does (JSON with LOG__JSON_OUTPUT, redacted).
if config.config_file_name is not None and config.attributes.get("configure_logger", True):
    from core.logs import configure_logging, configured_secrets
    from core.settings import get_settings

    _settings = get_settings()
    configure_logging(_settings.log, secrets=configured_secrets(_settings))


def database_url() -> str:
    """The URL from db.migrate, else `alembic -x url=...`, else the application's settings."""
    url = config.attributes.get("url") or context.get_x_argument(as_dictionary=True).get("url")
    if url:
        return str(url)
    # The only place Alembic imports the application: the plain `alembic upgrade head`.
    from core.settings import get_settings  # noqa: PLC0415

    return get_settings().db.url.get_secret_value()


def configure(database: str, **kwargs: Any) -> None:
    context.configure(
        target_metadata=target_metadata,
        compare_type=True,
        # SQLite cannot ALTER most things: batch mode recreates the table instead.
        render_as_batch=make_url(database).get_backend_name() == "sqlite",
        **kwargs,
    )


def run_migrations_offline() -> None:
    """Write the SQL to stdout (`alembic upgrade head --sql`)."""
    url = database_url()
    configure(url, url=url, literal_binds=True, dialect_opts={"paramstyle": "named"})
    with context.begin_transaction():
        context.run_migrations()


def do_run_migrations(connection: Connection, url: str) -> None:
    configure(url, connection=connection)
    with context.begin_transaction():
        context.run_migrations()


async def run_migrations_online() -> None:
    url = database_url()
    engine = make_engine(url, for_migrations=True)
    try:
        async with engine.connect() as connection:
            await connection.run_sync(do_run_migrations, url)
    finally:
        await engine.dispose()


def run() -> None:
    if context.is_offline_mode():
        run_migrations_offline()
        return
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        asyncio.run(run_migrations_online())
        return
    msg = (
        "Alembic was called from a running event loop: run db.migrate.upgrade_head "
        "in a thread (await asyncio.to_thread(upgrade_head, url))"
    )
    raise RuntimeError(msg)


run()
