"""The cap on unfinished Shorts (LIMITS__MAX_UNFINISHED_PROJECTS, default 2): through the bot
for a new Short, a redo and an edited text, and in the service under concurrency on
PostgreSQL and SQLite."""

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiogram import Bot, Dispatcher
from aiogram_i18n.cores import FluentRuntimeCore
from arq import create_pool
from arq.connections import RedisSettings
from bot_flows import order_short
from bot_seed import count_projects, seed_projects, set_status, statuses
from conftest import ClientFactory
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.i18n import context_for
from bot.keyboards import preview
from bot.states import EditScript, NewShort
from core.enums import ProjectStatus
from core.ports import JobQueue
from core.settings import LimitsSettings, Settings
from db.engine import make_engine, make_sessionmaker
from db.migrate import upgrade_head
from db.models import Project
from db.queries import users
from jobs.queue import ArqQueue, LocalQueue
from services.production import project_job_id
from services.projects import ProjectRequest
from services.shorts import submit_project
from storage.disk import Storage
from tests.emulators.telegram import BotClient, TelegramEmulator

QUEUED, RUNNING, DONE = ProjectStatus.QUEUED, ProjectStatus.RUNNING, ProjectStatus.DONE
FULL_EN = (
    "You already have 2 Shorts in the making (the limit is 2). "
    "When one is ready, try again: your choices are kept."
)
FULL_RU = (
    "У вас уже 2 ролика в работе (можно не больше 2). "
    "Когда один будет готов, попробуйте снова: ваш выбор сохранён."
)


async def state_of(dispatcher: Dispatcher, bot: Bot, client: BotClient) -> str | None:
    context = dispatcher.fsm.get_context(bot=bot, chat_id=client.chat.id, user_id=client.user.id)
    return await context.get_state()


async def test_a_third_short_waits_until_one_is_ready(
    *,
    chat: ClientFactory,
    db: async_sessionmaker[AsyncSession],
    queue: LocalQueue,
    emulator: TelegramEmulator,
    dispatcher: Dispatcher,
    bot: Bot,
) -> None:
    alice = chat(6001, "Alice", "en")
    await alice.command("start")
    first, _ = await seed_projects(db, 6001, QUEUED, RUNNING)
    summary = await order_short(alice, "Why owls hoot at night")

    press = await alice.click("✅ Create")
    answer = await alice.wait_for_answer(press)

    assert (answer.show_alert, answer.answer_text) == (True, FULL_EN)
    assert await count_projects(db) == 2
    assert await state_of(dispatcher, bot, alice) == NewShort.confirming.state
    kept = emulator.message(alice.chat.id, summary.message_id)
    assert (kept.text, kept.button_texts) == (summary.text, summary.button_texts)

    await set_status(db, first, DONE)  # one of the two is ready now
    await alice.click("✅ Create", message=kept)
    await alice.wait_for_reply(lambda m: "queued" in (m.text or ""))
    done, running, new = await statuses(db, 6001)
    assert (done, running) == (DONE, RUNNING)
    assert new in (QUEUED, RUNNING)  # its job is queued before the reply: it may have started
    async with db() as session:
        project = await session.get(Project, first + 2)
    assert project is not None
    assert project.topic == "Why owls hoot at night"
    assert project_job_id(project.id, 0) in queue.tasks
    await queue.close()  # the render is not this test's business


async def test_a_redo_and_an_edited_text_wait_too(
    *,
    chat: ClientFactory,
    db: async_sessionmaker[AsyncSession],
    queue: LocalQueue,
    core: FluentRuntimeCore,
    dispatcher: Dispatcher,
    bot: Bot,
) -> None:
    vera = chat(6002, "Вера", "ru")
    await vera.command("start")
    done, first, _ = await seed_projects(db, 6002, DONE, QUEUED, RUNNING)
    buttons = preview.preview(context_for(core, "ru"), done)
    await bot.send_message(vera.chat.id, "preview", reply_markup=buttons)  # as the notifier

    await vera.click(4)  # regenerate a scene: the scene numbers
    await vera.wait_for_reply(lambda m: m.button_texts[:1] == ["1"])
    answer = await vera.wait_for_answer(await vera.click("2"))
    assert (answer.show_alert, answer.answer_text) == (True, FULL_RU)
    await vera.click(5)  # back
    await vera.click(5)  # change the voice: the voices
    await vera.wait_for_reply(lambda m: m.button_texts[0].startswith("🎙"))
    answer = await vera.wait_for_answer(await vera.click(1))  # the stock voice
    assert answer.answer_text == FULL_RU
    await bot.send_message(vera.chat.id, "preview", reply_markup=buttons)

    await vera.click(6)  # edit the text
    await vera.wait_for_reply(lambda m: "Scene 0." in (m.text or ""))
    text = "Совы ухают ночью. Так они зовут друг друга. И охраняют дом. Вот и всё."
    await vera.send(text)
    assert (await vera.wait_for_reply()).text == FULL_RU
    assert await state_of(dispatcher, bot, vera) == EditScript.entering_text.state
    async with db() as session:
        project = await session.get(Project, done)
    assert project is not None
    assert (project.status, project.revision) == (DONE, 0)

    await set_status(db, first, DONE)
    await vera.send(text)  # the same text again, now that a slot is free
    await vera.wait_for_reply(lambda m: "озвучиваю ваш новый текст" in (m.text or ""))
    async with db() as session:
        project = await session.get(Project, done)
    assert project is not None
    assert project.revision == 1
    assert project.status in (QUEUED, RUNNING)  # queued before the reply: it may have started
    assert project_job_id(project.id, 1) in queue.tasks
    await queue.close()


@pytest.fixture
async def sqlite_db(sqlite_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    await asyncio.to_thread(upgrade_head, sqlite_url)
    engine = make_engine(sqlite_url)
    yield make_sessionmaker(engine)
    await engine.dispose()


@pytest.fixture
async def redis_queue(redis_url: str) -> AsyncIterator[ArqQueue]:
    """The production queue with no worker: a submitted Short's job waits in Redis."""
    queue = ArqQueue(await create_pool(RedisSettings.from_dsn(redis_url)))
    yield queue
    await queue.close()


async def _two_at_once(
    db: async_sessionmaker[AsyncSession], storage_root: Path, queue: JobQueue
) -> None:
    """Two confirms at once with one slot left: exactly one Short is made."""
    async with db() as session:
        user = await users.get_or_create_user(session, 6100, "Twin", "en")
        await session.commit()
    limits = LimitsSettings(max_unfinished_projects=1)

    async def confirm(topic: str) -> Project:
        async with db() as session:
            request = ProjectRequest(topic=topic, language="en", duration=15)
            return await submit_project(
                session, Storage(storage_root), user.id, request, limits=limits, queue=queue
            )

    outcomes = await asyncio.gather(
        confirm("Why owls hoot"), confirm("Why cats purr"), return_exceptions=True
    )

    assert sorted(type(outcome).__name__ for outcome in outcomes) == [
        "Project",
        "TooManyUnfinished",
    ]
    assert await count_projects(db) == 1


async def test_two_confirms_at_once_take_the_last_slot_once_on_postgresql(
    db: async_sessionmaker[AsyncSession], storage_root: Path, redis_queue: ArqQueue
) -> None:
    await _two_at_once(db, storage_root, redis_queue)


async def test_two_confirms_at_once_take_the_last_slot_once_on_sqlite(
    sqlite_db: async_sessionmaker[AsyncSession], storage_root: Path, redis_queue: ArqQueue
) -> None:
    await _two_at_once(sqlite_db, storage_root, redis_queue)


def test_the_cap_is_a_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    assert Settings().limits.max_unfinished_projects == 2
    monkeypatch.setenv("LIMITS__MAX_UNFINISHED_PROJECTS", "5")
    assert Settings().limits.max_unfinished_projects == 5
    monkeypatch.setenv("LIMITS__MAX_UNFINISHED_PROJECTS", "0")
    with pytest.raises(ValidationError):
        Settings()
