"""Users: the Telegram ones and the offline CLI's local user."""

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import LOCAL_USER_NAME, User
from db.upsert import insert_ignore


async def get_user(session: AsyncSession, user_id: int) -> User | None:
    """Return the user with this ID, or None."""
    return await session.get(User, user_id)


async def get_user_by_telegram_id(session: AsyncSession, telegram_id: int) -> User | None:
    """Return the user with this Telegram ID, or None."""
    return await session.scalar(select(User).where(User.telegram_id == telegram_id))


async def get_or_create_user(
    session: AsyncSession, telegram_id: int, name: str, language: str = "ru"
) -> User:
    """Return the user with this Telegram ID, creating it if needed (safe under concurrency).

    An existing user is returned unchanged: name and language are only used to create one.
    """
    user = await get_user_by_telegram_id(session, telegram_id)
    if user is not None:
        return user
    values = {"telegram_id": telegram_id, "name": name, "language": language}
    await insert_ignore(session, User, values, ["telegram_id"])
    return (await session.scalars(select(User).where(User.telegram_id == telegram_id))).one()


async def get_or_create_local_user(session: AsyncSession, language: str = "ru") -> User:
    """Return the offline CLI's user (no Telegram ID, name "local"), creating it if needed."""
    is_local = User.telegram_id.is_(None) & (User.name == LOCAL_USER_NAME)
    user = await session.scalar(select(User).where(is_local))
    if user is not None:
        return user
    values = {"telegram_id": None, "name": LOCAL_USER_NAME, "language": language}
    await insert_ignore(session, User, values, ["name"], index_where=User.telegram_id.is_(None))
    return (await session.scalars(select(User).where(is_local))).one()


async def lock_user(session: AsyncSession, user_id: int) -> bool | None:
    """Lock the user's row until the transaction ends; return `is_blocked` (None: no user).

    A no-op UPDATE, not SELECT ... FOR UPDATE: SQLite ignores FOR UPDATE, while an UPDATE
    takes its database write lock there and the row lock on PostgreSQL, so a check made
    after this call holds until the commit on both. `updated_at` is kept as it was.
    """
    statement = (
        update(User)
        .where(User.id == user_id)
        .values(is_blocked=User.is_blocked, updated_at=User.updated_at)
        .returning(User.is_blocked)
    )
    return (await session.execute(statement)).scalar_one_or_none()


async def set_blocked(session: AsyncSession, user: User, blocked: bool) -> bool:
    """Set the user's `is_blocked`; return whether it changed."""
    if user.is_blocked == blocked:
        return False
    user.is_blocked = blocked
    await session.flush()
    return True


async def delete_user(session: AsyncSession, user_id: int) -> None:
    """Delete the user; the database cascades to everything they own, but their usage rows
    stay, with no owner (the spending happened)."""
    await session.execute(delete(User).where(User.id == user_id))
