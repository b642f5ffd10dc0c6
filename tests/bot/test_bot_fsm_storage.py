"""DatabaseStorage: aiogram FSM state on our database, so an embedded bot's conversations
survive a restart (PostgreSQL through the bot's database, SQLite through a migrated file)."""

import asyncio
from collections.abc import AsyncIterator

import pytest
from aiogram import Bot, Dispatcher
from aiogram.fsm.state import State, StatesGroup
from aiogram.fsm.storage.base import StorageKey
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.dispatcher import build_dispatcher
from bot.fsm_storage import DatabaseStorage
from core.settings import Settings
from db.engine import make_engine, make_sessionmaker
from db.migrate import upgrade_head
from db.models import FsmState
from jobs.queue import LocalQueue
from pipeline.context import JobCtx
from tests.emulators.telegram import BotClient, TelegramEmulator


class Form(StatesGroup):
    asking = State()


def key(user_id: int, chat_id: int | None = None) -> StorageKey:
    return StorageKey(bot_id=42, chat_id=chat_id or user_id, user_id=user_id)


@pytest.fixture(params=["postgresql", "sqlite"])
async def storage(
    request: pytest.FixtureRequest, db: async_sessionmaker[AsyncSession], sqlite_url: str
) -> AsyncIterator[DatabaseStorage]:
    if request.param == "postgresql":
        yield DatabaseStorage(db)
        return
    await asyncio.to_thread(upgrade_head, sqlite_url)
    engine = make_engine(sqlite_url)
    yield DatabaseStorage(make_sessionmaker(engine))
    await engine.dispose()


async def rows(storage: DatabaseStorage) -> int:
    async with storage._sessionmaker() as session:
        return int(await session.scalar(select(func.count()).select_from(FsmState)) or 0)


async def test_state_and_data_round_trip_per_key(storage: DatabaseStorage) -> None:
    assert await storage.get_state(key(1)) is None
    assert await storage.get_data(key(1)) == {}
    await storage.set_state(key(1), Form.asking)
    await storage.set_data(key(1), {"topic": "Кошки", "duration": 30})
    assert await storage.get_state(key(1)) == "Form:asking"
    assert await storage.get_data(key(1)) == {"topic": "Кошки", "duration": 30}
    assert await storage.update_data(key(1), {"style": "bold"}) == {
        "topic": "Кошки",
        "duration": 30,
        "style": "bold",
    }
    # Another user, or the same user in another chat, sees nothing of it.
    assert await storage.get_state(key(2)) is None
    assert await storage.get_data(key(1, chat_id=-100)) == {}
    await storage.set_state(key(1), None)
    assert await storage.get_data(key(1)) != {}  # clearing the state keeps the data
    await storage.set_data(key(1), {})
    assert await rows(storage) == 0  # an empty conversation leaves no row behind


async def test_data_set_before_state_and_string_states(storage: DatabaseStorage) -> None:
    await storage.set_data(key(5), {"n": 1})
    await storage.set_state(key(5), "Some:state")
    assert (await storage.get_state(key(5)), await storage.get_data(key(5))) == (
        "Some:state",
        {"n": 1},
    )


async def test_handlers_get_their_own_copy_of_the_data(storage: DatabaseStorage) -> None:
    """As with RedisStorage: changing what get_data returned (or what was set) changes
    nothing stored until it is set again."""
    given = {"photos": [{"file_id": "a"}], "options": {"voice": {"speed": 1.0}}}
    await storage.set_data(key(6), given)
    given["photos"].append({"file_id": "later"})
    data = await storage.get_data(key(6))
    data["photos"][0]["file_id"] = "changed"
    data["options"]["voice"]["speed"] = 2.0
    assert await storage.get_data(key(6)) == {
        "photos": [{"file_id": "a"}],
        "options": {"voice": {"speed": 1.0}},
    }


async def test_memory_keeps_only_recent_conversations(
    db: async_sessionmaker[AsyncSession],
) -> None:
    storage = DatabaseStorage(db, max_cached=3)
    for user in range(10):
        await storage.set_state(key(200 + user), Form.asking)
        await storage.set_data(key(200 + user), {"n": user})
    assert len(storage._known) == 3
    # The forgotten ones are read back from their rows.
    assert [await storage.get_data(key(200 + user)) for user in range(10)] == [
        {"n": user} for user in range(10)
    ]
    assert await storage.get_state(key(200)) == "Form:asking"
    assert len(storage._known) == 3


async def test_a_conversation_survives_a_bot_restart(
    *,
    emulator: TelegramEmulator,
    settings: Settings,
    db: async_sessionmaker[AsyncSession],
    job_ctx: JobCtx,
    queue: LocalQueue,
    bot: Bot,
) -> None:
    before = await started(settings, db, job_ctx, queue, bot)
    user = emulator.add_user(4100, "Ivan", language_code="ru")
    ivan = BotClient(emulator, user, dispatcher=before, bot=bot, timeout=20)
    await ivan.command("new")
    await ivan.wait_for_reply(lambda m: bool(m.buttons))
    await ivan.send("Как перестать откладывать дела")
    durations = await ivan.wait_for_reply(lambda m: len(m.buttons) == 4)

    # A new process: a new dispatcher and storage over the same database.
    await before.emit_shutdown(bot=bot, dispatcher=before, bots=[bot], **before.workflow_data)
    after = await started(settings, db, job_ctx, queue, bot)
    ivan = BotClient(emulator, user, dispatcher=after, bot=bot, timeout=20)
    await ivan.click(2, message=durations)
    edited = emulator.message(ivan.chat.id, durations.message_id)
    assert edited.text == "Выберите визуальный стиль:"
    data = await DatabaseStorage(db).get_data(key_for(ivan))
    assert data["topic"] == "Как перестать откладывать дела"
    assert str(data["duration"]) == "30"
    await after.emit_shutdown(bot=bot, dispatcher=after, bots=[bot], **after.workflow_data)


async def started(
    settings: Settings,
    db: async_sessionmaker[AsyncSession],
    job_ctx: JobCtx,
    queue: LocalQueue,
    bot: Bot,
) -> Dispatcher:
    """A dispatcher as `python -m bot` builds it in embedded mode, started up."""
    built = build_dispatcher(
        settings=settings,
        sessionmaker=db,
        file_storage=job_ctx["storage"],
        queue=queue,
        fsm_storage=DatabaseStorage(db),
    )
    await built.emit_startup(bot=bot, dispatcher=built, bots=[bot], **built.workflow_data)
    return built


def key_for(client: BotClient) -> StorageKey:
    return StorageKey(bot_id=client.bot.id, chat_id=client.chat.id, user_id=client.user.id)
