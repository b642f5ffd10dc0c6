"""One conditional UPDATE whose row count says whether it happened: the building block of
every lease (projects, publications, accounts' refreshes). Two runners can never both win,
on SQLite and PostgreSQL alike. Never commits: the caller does."""

from typing import Any, cast

from sqlalchemy import ColumnElement, CursorResult, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.base import Base


async def update_one(
    session: AsyncSession, model: type[Base], *where: ColumnElement[bool], **values: Any
) -> bool:
    """`UPDATE model SET values WHERE where`; True when exactly one row changed."""
    statement = (
        update(model).where(*where).values(**values).execution_options(synchronize_session=False)
    )
    result = cast(CursorResult[Any], await session.execute(statement))
    return result.rowcount == 1
