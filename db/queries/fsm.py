"""FSM rows: read, and write state or data without touching the other."""

from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import FsmState
from db.upsert import insert_ignore


async def get_fsm(session: AsyncSession, key: str) -> FsmState | None:
    """The stored state and data for `key`, or None."""
    return await session.scalar(select(FsmState).where(FsmState.key == key))


async def set_fsm_state(session: AsyncSession, key: str, state: str | None) -> None:
    """Store the state; a key with neither state nor data is deleted."""
    await _ensure(session, key)
    await session.execute(update(FsmState).where(FsmState.key == key).values(state=state))
    await _drop_if_empty(session, key)


async def set_fsm_data(session: AsyncSession, key: str, data: dict[str, Any]) -> None:
    """Replace the data; a key with neither state nor data is deleted."""
    await _ensure(session, key)
    await session.execute(update(FsmState).where(FsmState.key == key).values(data=data))
    await _drop_if_empty(session, key)


async def _ensure(session: AsyncSession, key: str) -> None:
    # Two updates racing for a new key must not fail on the primary key.
    await insert_ignore(session, FsmState, {"key": key, "data": {}}, ["key"])


async def _drop_if_empty(session: AsyncSession, key: str) -> None:
    row = await session.execute(select(FsmState.state, FsmState.data).where(FsmState.key == key))
    state, data = row.one()
    if state is None and not data:
        await session.execute(delete(FsmState).where(FsmState.key == key))
