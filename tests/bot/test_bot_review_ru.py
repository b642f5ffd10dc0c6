"""In Russian: edit the text, change the voice, My Shorts; double presses queue one job."""

import asyncio

import pytest
from aiogram import Bot, Dispatcher
from bot_flows import order_short, wait_preview
from conftest import ClientFactory
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.enums import ProjectStatus
from db.models import Project, Script
from db.queries import projects, users
from jobs.queue import LocalQueue
from tests.emulators.telegram import BotClient, StoredMessage, TelegramEmulator

pytestmark = [pytest.mark.render, pytest.mark.timeout(240)]


async def press_twice(client: BotClient, dispatcher: Dispatcher, bot: Bot, text: str) -> None:
    """Two presses of one button before the bot answers either (a real double click)."""
    emulator = client.emulator
    target = emulator.last_keyboard_message(client.chat.id)
    assert target is not None
    data = target.callback_data_of(text)
    first, second = (
        emulator.user_clicks(client.user, target, data, enqueue=False) for _ in range(2)
    )
    assert first.update is not None
    assert second.update is not None
    await asyncio.gather(
        dispatcher.feed_raw_update(bot, first.update),
        dispatcher.feed_raw_update(bot, second.update),
    )
    await client.wait_for_answer(first)
    await client.wait_for_answer(second)


async def _projects(db: async_sessionmaker[AsyncSession]) -> list[Project]:
    async with db() as session:
        return list((await session.scalars(select(Project).order_by(Project.id))).all())


def _last_video(client: BotClient) -> StoredMessage:
    videos = [m for m in client.emulator.messages(client.chat.id) if m.media_kind == "video"]
    return videos[-1]


async def test_russian_edit_text_voice_and_my_shorts(
    *,
    chat: ClientFactory,
    emulator: TelegramEmulator,
    queue: LocalQueue,
    db: async_sessionmaker[AsyncSession],
    dispatcher: Dispatcher,
    bot: Bot,
) -> None:
    boris = chat(4001, "Борис", "ru")
    summary = await order_short(boris, "Как научиться вставать рано", style=5, tone=3)
    assert "Стиль: Неон" in (summary.text or "")
    assert "Тон: Спокойный" in (summary.text or "")
    await press_twice(boris, dispatcher, bot, "✅ Создать")
    assert len(await _projects(db)) == 1
    stale = [c for c in emulator.state.callbacks.values() if c.show_alert]
    assert [c.answer_text for c in stale] == [
        "Эта кнопка устарела или не ваша. Откройте меню: /menu"
    ]
    preview = await wait_preview(boris, queue)
    assert preview.button_texts[0] == "✅ Одобрить"
    assert queue.jobs_complete == 1

    await boris.click("✏️ Изменить текст")
    prompt = await boris.wait_for_reply(lambda m: "Пришлите новый текст" in (m.text or ""))
    assert "сцен" in (prompt.text or "")
    await boris.send("Короче.")
    refusal = await boris.wait_for_reply()
    assert (refusal.text or "").startswith("В новом тексте нужно хотя бы")
    new_text = (
        "Ставьте будильник на одно и то же время. Ложитесь спать раньше. Уберите телефон. "
        "Выпейте воды утром. Откройте шторы. Сделайте зарядку. Подпишитесь на канал."
    )
    await boris.send(new_text)
    await boris.wait_for_reply(lambda m: "озвучиваю ваш новый текст" in (m.text or ""))
    await wait_preview(boris, queue)
    async with db() as session:
        script = await session.scalar(select(Script))
    assert script is not None
    assert " ".join(str(s["text"]) for s in script.scenes) == new_text

    await boris.click("🎙 Сменить голос", message=_last_video(boris))
    await boris.wait_for_reply(lambda m: "🎙 Стандартный голос" in m.button_texts)
    await press_twice(boris, dispatcher, bot, "🎙 Стандартный голос")
    alerts = [c.answer_text for c in emulator.state.callbacks.values() if c.show_alert]
    assert alerts[-1] == "Этот ролик ещё делается. Дождитесь превью и попробуйте снова."
    await wait_preview(boris, queue)
    (project,) = await _projects(db)
    assert (project.revision, project.status) == (2, ProjectStatus.DONE)
    assert queue.jobs_complete == 3

    await boris.command("shorts")
    listing = await boris.wait_for_reply(lambda m: "Мои ролики" in (m.text or ""))
    assert listing.button_texts[0] == "✅ Как научиться вставать рано"
    await boris.click(1)
    script_message = await boris.wait_for_reply(lambda m: "Сценарий" in (m.text or ""))
    assert new_text.split(".", maxsplit=1)[0] in (script_message.text or "")
    kinds = [m.media_kind for m in boris.replies()]
    assert kinds == ["video", "document", "photo", None, None]


async def test_paging_my_shorts_and_a_failed_one(
    chat: ClientFactory, db: async_sessionmaker[AsyncSession]
) -> None:
    client = chat(4002, "Ann", "en")
    await client.command("shorts")
    assert (await client.wait_for_reply()).text == "You have no Shorts yet. Make one: /new"
    async with db() as session:
        user = await users.get_user_by_telegram_id(session, 4002)
        assert user is not None
        for number in range(7):
            project = await projects.create_project(
                session,
                user.id,
                topic=f"Topic {number}",
                language="en",
                target_duration=15,
                style="vivid",
                tone="calm",
            )
        projects.set_project_state(
            project, ProjectStatus.FAILED, stage=None, error_key="error-render-timeout"
        )
        await session.commit()
    await client.command("shorts")
    first = await client.wait_for_reply(lambda m: "page 1" in (m.text or ""))
    assert first.button_texts[:2] == ["⚠️ Topic 6", "📝 Topic 5"]
    assert first.button_texts[-2:] == ["▶️", "⬅️ Menu"]
    await client.click("▶️")
    second = await client.wait_for_reply(lambda m: "page 2" in (m.text or ""))
    assert second.message_id == first.message_id
    assert second.button_texts == ["📝 Topic 1", "📝 Topic 0", "◀️", "⬅️ Menu"]
    await client.click("◀️")
    await client.wait_for_reply(lambda m: "page 1" in (m.text or ""))
    await client.click("⚠️ Topic 6")
    status = await client.wait_for_reply(lambda m: "Topic 6" in (m.text or ""))
    assert "failed" in (status.text or "")
    assert "The render took too long" in (status.text or "")
