"""Where a person is in a conversation with a transport (the bot's FSM state and data), kept
in the database so embedded mode's conversations survive a restart."""

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from db.queries import fsm


async def load_conversation(
    session: AsyncSession, key: str
) -> tuple[str | None, dict[str, Any]] | None:
    """The state and data stored under `key` (None: nothing stored)."""
    row = await fsm.get_fsm(session, key)
    return None if row is None else (row.state, row.data)


async def save_conversation(
    session: AsyncSession, key: str, state: str | None, data: dict[str, Any]
) -> None:
    """Store both (committed); a conversation with neither state nor data is deleted."""
    await fsm.save_fsm(session, key, state, data)
    await session.commit()
