"""aiogram FSM storage on our database: embedded mode's conversations survive a restart."""

from collections.abc import Mapping
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, DefaultKeyBuilder, StateType, StorageKey
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.queries import fsm


class DatabaseStorage(BaseStorage):
    """One row per conversation key; every write is its own short transaction.

    Data must be JSON-serialisable, as with aiogram's RedisStorage (the production storage),
    so handlers behave the same in both modes.
    """

    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        self._sessionmaker = sessionmaker
        self._keys = DefaultKeyBuilder(with_bot_id=True, with_destiny=True)

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        value = state.state if isinstance(state, State) else state
        async with self._sessionmaker.begin() as session:
            await fsm.set_fsm_state(session, self._keys.build(key), value)

    async def get_state(self, key: StorageKey) -> str | None:
        async with self._sessionmaker() as session:
            row = await fsm.get_fsm(session, self._keys.build(key))
            return None if row is None else row.state

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        async with self._sessionmaker.begin() as session:
            await fsm.set_fsm_data(session, self._keys.build(key), dict(data))

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        async with self._sessionmaker() as session:
            row = await fsm.get_fsm(session, self._keys.build(key))
            return {} if row is None else dict(row.data)

    async def close(self) -> None:
        """Nothing to close: the engine belongs to the composition root."""
