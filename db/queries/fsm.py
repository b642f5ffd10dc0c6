"""FSM rows: read one, write state and data together, or drop it."""

from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import FsmState


async def get_fsm(session: AsyncSession, key: str) -> FsmState | None:
    """The stored state and data for `key`, or None."""
    return await session.scalar(select(FsmState).where(FsmState.key == key))


async def save_fsm(
    session: AsyncSession, key: str, state: str | None, data: dict[str, Any]
) -> None:
    """Store both in one statement; a conversation with neither state nor data is deleted."""
    if state is None and not data:
        await session.execute(delete(FsmState).where(FsmState.key == key))
        return
    values = {"key": key, "state": state, "data": data}
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(FsmState).values(values)
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=[FsmState.key],
            set_={"state": state, "data": data, "updated_at": func.now()},
        )
    )
