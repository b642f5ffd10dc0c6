"""Fixtures of the database tests: factories bound to the session, a migrated SQLite session."""

import asyncio
from collections.abc import AsyncIterator, Iterator

import pytest
from factories import Factory
from sqlalchemy.ext.asyncio import AsyncSession

from db.engine import make_engine, make_sessionmaker
from db.migrate import upgrade_head


@pytest.fixture
def factories(session: AsyncSession) -> Iterator[None]:
    """Let `XFactory.create_async()` flush into the test's rolled-back session."""
    Factory.bind(session)
    yield
    Factory.bind(None)


@pytest.fixture
async def sqlite_session(sqlite_url: str) -> AsyncIterator[AsyncSession]:
    """A session on a fresh, migrated SQLite file (the default production database)."""
    await asyncio.to_thread(upgrade_head, sqlite_url)
    engine = make_engine(sqlite_url)
    try:
        async with make_sessionmaker(engine)() as session:
            yield session
    finally:
        await engine.dispose()


@pytest.fixture(params=["postgresql", "sqlite"])
def any_session(request: pytest.FixtureRequest) -> AsyncSession:
    """The same test on PostgreSQL (rolled back) and on SQLite (a fresh file)."""
    fixture = "session" if request.param == "postgresql" else "sqlite_session"
    session: AsyncSession = request.getfixturevalue(fixture)
    return session
