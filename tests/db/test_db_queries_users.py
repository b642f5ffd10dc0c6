"""users queries and the insert_ignore helper, on PostgreSQL and SQLite."""

import asyncio

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from db.engine import make_sessionmaker
from db.models import LOCAL_USER_NAME, User
from db.queries import users
from db.upsert import insert_ignore


async def test_get_or_create_user_is_idempotent(any_session: AsyncSession) -> None:
    created = await users.get_or_create_user(any_session, 10**11, "Ann", "en")
    again = await users.get_or_create_user(any_session, 10**11, "Other name", "ru")
    assert again is created
    assert (created.telegram_id, created.name, created.language) == (10**11, "Ann", "en")
    other = await users.get_or_create_user(any_session, 10**11 + 1, "Bob")
    assert other.id != created.id
    assert other.language == "ru"
    assert await users.get_user_by_telegram_id(any_session, 10**11) is created
    assert await users.get_user(any_session, other.id) is other
    assert await users.get_user_by_telegram_id(any_session, 1) is None


async def test_one_local_user(any_session: AsyncSession) -> None:
    local = await users.get_or_create_local_user(any_session)
    assert (local.telegram_id, local.name) == (None, LOCAL_USER_NAME)
    assert await users.get_or_create_local_user(any_session) is local
    # A Telegram user who calls themselves "local" is someone else.
    namesake = await users.get_or_create_user(any_session, 42, LOCAL_USER_NAME)
    assert namesake.id != local.id


async def test_insert_ignore_reports_whether_it_inserted(any_session: AsyncSession) -> None:
    values = {"telegram_id": 7, "name": "Ann"}
    assert await insert_ignore(any_session, User, values, ["telegram_id"]) is True
    assert await insert_ignore(any_session, User, values, ["telegram_id"]) is False
    user = await users.get_user_by_telegram_id(any_session, 7)
    assert user is not None
    assert user.language == "ru"  # column defaults apply to the core insert too


async def test_concurrent_first_contact_creates_one_user(engine: AsyncEngine) -> None:
    """Two sessions create the same user at once: the second waits, then finds the first's."""
    telegram_id = 987_654_321_012
    sessionmaker = make_sessionmaker(engine)
    try:
        async with sessionmaker() as first, sessionmaker() as second:
            created = await users.get_or_create_user(first, telegram_id, "first")
            # The second insert blocks on the unique index until the first commits.
            racing = asyncio.create_task(users.get_or_create_user(second, telegram_id, "second"))
            await asyncio.sleep(0.2)
            assert not racing.done()
            await first.commit()
            winner = await asyncio.wait_for(racing, timeout=10)
            assert (winner.id, winner.name) == (created.id, "first")
            await second.commit()
    finally:
        async with sessionmaker.begin() as cleanup:
            await cleanup.execute(delete(User).where(User.telegram_id == telegram_id))
