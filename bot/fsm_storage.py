"""aiogram FSM storage on our database: embedded mode's conversations survive a restart."""

import copy
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, DefaultKeyBuilder, StateType, StorageKey
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.conversations import load_conversation, save_conversation

Conversation = tuple[str | None, dict[str, Any]]
MAX_CACHED = 10_000  # conversations kept in memory; older ones are read back from the rows


class DatabaseStorage(BaseStorage):
    """One row per conversation key, written through on every change and read once.

    Embedded mode runs one bot process, so the rows it wrote are the truth and reads come
    from memory after the first (a restart reads them back); the memory holds the
    `max_cached` most recently used conversations. Data must be JSON-serialisable, as with
    aiogram's RedisStorage (the production storage), so handlers behave the same in both
    modes: and as there, what a handler gets is its own copy (changing a list in it changes
    nothing stored until it is set).
    """

    def __init__(
        self, sessionmaker: async_sessionmaker[AsyncSession], *, max_cached: int = MAX_CACHED
    ) -> None:
        self._sessionmaker = sessionmaker
        self._keys = DefaultKeyBuilder(with_bot_id=True, with_destiny=True)
        self._known: OrderedDict[str, Conversation] = OrderedDict()
        self._max_cached = max_cached

    async def _load(self, key: str) -> Conversation:
        if key in self._known:
            self._known.move_to_end(key)
            return self._known[key]
        async with self._sessionmaker() as session:
            stored = await load_conversation(session, key)
        conversation = (None, {}) if stored is None else (stored[0], copy.deepcopy(stored[1]))
        self._remember(key, conversation)
        return conversation

    async def _save(self, key: str, state: str | None, data: dict[str, Any]) -> None:
        data = copy.deepcopy(data)
        async with self._sessionmaker() as session:
            await save_conversation(session, key, state, data)
        self._remember(key, (state, data))

    def _remember(self, key: str, conversation: Conversation) -> None:
        self._known[key] = conversation
        self._known.move_to_end(key)
        while len(self._known) > self._max_cached:
            self._known.popitem(last=False)

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
        await self._save(name, state, dict(data))  # _save keeps its own deep copy

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        _, data = await self._load(self._keys.build(key))
        return copy.deepcopy(data)

    async def close(self) -> None:
        """Nothing to close: the engine belongs to the composition root."""
