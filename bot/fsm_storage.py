"""aiogram FSM storage on our database: embedded mode's conversations survive a restart."""

from collections.abc import Mapping
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, DefaultKeyBuilder, StateType, StorageKey
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.queries import fsm

Conversation = tuple[str | None, dict[str, Any]]


class DatabaseStorage(BaseStorage):
    """One row per conversation key, written through on every change and read once.

    Embedded mode runs one bot process, so the rows it wrote are the truth and reads come
    from memory after the first (a restart reads them back). Data must be JSON-serialisable,
    as with aiogram's RedisStorage (the production storage), so handlers behave the same in
    both modes.
    """

    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        self._sessionmaker = sessionmaker
        self._keys = DefaultKeyBuilder(with_bot_id=True, with_destiny=True)
        self._known: dict[str, Conversation] = {}

    async def _load(self, key: str) -> Conversation:
        if key not in self._known:
            async with self._sessionmaker() as session:
                row = await fsm.get_fsm(session, key)
            self._known[key] = (None, {}) if row is None else (row.state, dict(row.data))
        return self._known[key]

    async def _save(self, key: str, state: str | None, data: dict[str, Any]) -> None:
        async with self._sessionmaker.begin() as session:
            await fsm.save_fsm(session, key, state, data)
        self._known[key] = (state, data)

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        name = self._keys.build(key)
        _, data = await self._load(name)
        await self._save(name, state.state if isinstance(state, State) else state, data)

    async def get_state(self, key: StorageKey) -> str | None:
        state, _ = await self._load(self._keys.build(key))
        return state

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        name = self._keys.build(key)
        state, _ = await self._load(name)
        await self._save(name, state, dict(data))

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        _, data = await self._load(self._keys.build(key))
        return dict(data)

    async def close(self) -> None:
        """Nothing to close: the engine belongs to the composition root."""
