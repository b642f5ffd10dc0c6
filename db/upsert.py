"""The one upsert helper: INSERT ... ON CONFLICT DO NOTHING in the session's dialect."""

from collections.abc import Mapping, Sequence
from typing import Any, cast

from sqlalchemy import ColumnElement
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import CursorResult
from sqlalchemy.ext.asyncio import AsyncSession

from db.base import Base


async def insert_ignore(
    session: AsyncSession,
    model: type[Base],
    values: Mapping[str, Any],
    index_elements: Sequence[str],
    *,
    index_where: ColumnElement[bool] | None = None,
) -> bool:
    """Insert one row unless it conflicts on `index_elements`; return whether it was inserted.

    `index_where` is the WHERE clause of a partial unique index used as the conflict target.
    Column defaults apply as in any insert. Nothing is loaded into the session.
    """
    dialect = session.get_bind().dialect.name
    elements = list(index_elements)
    if dialect == "postgresql":
        statement: postgresql.Insert | sqlite.Insert = (
            postgresql.insert(model)
            .values(dict(values))
            .on_conflict_do_nothing(index_elements=elements, index_where=index_where)
        )
    elif dialect == "sqlite":
        statement = (
            sqlite.insert(model)
            .values(dict(values))
            .on_conflict_do_nothing(index_elements=elements, index_where=index_where)
        )
    else:
        msg = f"insert_ignore does not support the {dialect!r} dialect"
        raise NotImplementedError(msg)
    # An INSERT always gives a CursorResult; its rowcount is 0 when the conflict skipped the row.
    result = cast("CursorResult[Any]", await session.execute(statement))
    return result.rowcount == 1
