"""Create and drop PostgreSQL databases for tests (the only DDL the tests write by hand)."""

import os

from sqlalchemy import make_url, text

from db.engine import make_engine

# Unique per run, so two runs against one server (two developers, or CI beside a developer)
# never share a database; each run drops its own at the end.
RUN_ID = os.environ.get("PYTEST_XDIST_TESTRUNUID", str(os.getpid()))[:12]


async def _autocommit(server_url: str, *statements: str) -> None:
    engine = make_engine(server_url, for_migrations=True)
    try:
        # CREATE/DROP DATABASE cannot run inside a transaction.
        async with engine.connect() as connection:
            await connection.execution_options(isolation_level="AUTOCOMMIT")
            for statement in statements:
                await connection.execute(text(statement))
    finally:
        await engine.dispose()


def _checked(name: str) -> str:
    # Identifiers cannot be bound parameters: allow only plain names.
    if not name.replace("_", "").isalnum():
        msg = f"not a plain database name: {name!r}"
        raise ValueError(msg)
    return name


async def recreate_database(server_url: str, name: str) -> str:
    """Drop database `name` if it exists, create it empty, and return its URL."""
    quoted = f'"{_checked(name)}"'
    await _autocommit(
        server_url, f"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)", f"CREATE DATABASE {quoted}"
    )
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


async def drop_database(server_url: str, name: str) -> None:
    """Drop database `name` if it exists."""
    await _autocommit(server_url, f'DROP DATABASE IF EXISTS "{_checked(name)}" WITH (FORCE)')
