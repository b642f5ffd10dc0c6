"""A batch's caption picker through the real bot: the batch summary opens New Short's picker
on the same message, the chosen look reaches every Short of the batch (and the batch's row),
a batch left alone takes the last Short's settings, and tampered or stale picker buttons are
answered as stale (en and ru)."""

import pytest
from aiogram import Bot, Dispatcher
from batch_world import make_pro, order_batch
from bot_flows import order_short
from bot_seed import seed_projects
from conftest import ClientFactory
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from test_bot_callback_bounds import CAPTION_TAMPERED, STALE, press

from core.captions import CaptionChoice, CaptionLook, CaptionPosition, CaptionSize
from core.enums import ProjectStatus
from core.project_options import ProjectOptions
from db.models import Batch, Project
from jobs.queue import LocalQueue

pytestmark = pytest.mark.timeout(120)
BatchOptionsSeen = tuple[CaptionChoice | None, bool | None]
TOPICS = "\n".join(["Why the sea is salty", "How whales sing", "Where eels are born"])


async def _batch_captions(
    db: async_sessionmaker[AsyncSession],
) -> tuple[BatchOptionsSeen, list[tuple[CaptionChoice, bool]]]:
    """The batch row's caption settings and each of its Shorts', in the list's order."""
    async with db() as session:
        batch = (await session.scalars(select(Batch))).one()
        made = await session.scalars(
            select(Project).where(Project.batch_id == batch.id).order_by(Project.batch_index)
        )
        shorts = [(p.options.captions, p.options.scene_counter) for p in made]
        return (batch.options.captions, batch.options.scene_counter), shorts


async def test_the_batch_picker_sets_every_shorts_captions(
    chat: ClientFactory, db: async_sessionmaker[AsyncSession], queue: LocalQueue
) -> None:
    pat = chat(5301, "Pat", "en")
    await make_pro(pat, db)
    summary = await order_batch(pat, TOPICS)
    assert "Captions: Bold · lower third · medium" in (summary.text or "")
    assert summary.button_texts == ["💬 Captions: Bold ▸", "▶️ Start the batch", "⬅️ Back"]

    await pat.click("💬 Captions: Bold ▸")
    picker = await pat.wait_for_reply(lambda m: "Karaoke" in m.button_texts)
    assert picker.message_id == summary.message_id
    assert "🔢 Scene counter: off" in picker.button_texts
    for button, chosen in (("Pop", "✅ Pop"), ("Middle", "✅ Middle"), ("Large", "✅ Large")):
        await pat.click(button)
        await pat.wait_for_reply(lambda m, chosen=chosen: chosen in m.button_texts)
    await pat.click("🔢 Scene counter: off")
    await pat.wait_for_reply(lambda m: "🔢 Scene counter: on" in m.button_texts)
    await pat.click("☑️ Done")
    back = await pat.wait_for_reply(lambda m: "▶️ Start the batch" in m.button_texts)
    assert back.message_id == summary.message_id
    assert "Batch of 3 Shorts" in (back.text or "")
    assert "Captions: Pop · middle · large · scene counter" in (back.text or "")
    assert back.button_texts[0] == "💬 Captions: Pop ▸"

    await pat.click("▶️ Start the batch")
    await pat.wait_for_reply(lambda m: "queued" in (m.text or ""))
    await queue.close()  # what was queued is in the rows: the renders are not this test's
    pop = CaptionChoice(
        look=CaptionLook.POP, position=CaptionPosition.MIDDLE, size=CaptionSize.LARGE
    )
    kept, shorts = await _batch_captions(db)
    assert kept == (pop, True)
    assert shorts == [(pop, True)] * 3

    again = await order_short(pat, "Why owls hoot at night")  # New Short starts from it
    assert "Captions: Pop · middle · large · scene counter" in (again.text or "")


async def test_a_russian_batch_left_alone_takes_the_last_shorts_captions(
    chat: ClientFactory, db: async_sessionmaker[AsyncSession], queue: LocalQueue
) -> None:
    ira = chat(5302, "Ира", "ru")
    await make_pro(ira, db)
    (last,) = await seed_projects(db, ira.user.id, ProjectStatus.DONE)
    boxed = CaptionChoice(look=CaptionLook.BOX, size=CaptionSize.LARGE)
    async with db() as session:
        project = await session.get(Project, last)
        assert project is not None
        project.options = ProjectOptions(captions=boxed, scene_counter=True)
        await session.commit()

    await ira.command("batch")
    await ira.wait_for_reply(lambda m: "Пакет" in (m.text or ""))
    await ira.send(TOPICS)
    summary = await order_batch(ira, None)
    assert "Субтитры: Плашка · нижняя треть · крупные · счётчик сцен" in (summary.text or "")
    assert summary.button_texts[0] == "💬 Субтитры: Плашка ▸"
    await ira.click("💬 Субтитры: Плашка ▸")
    picker = await ira.wait_for_reply(lambda m: "✅ Плашка" in m.button_texts)
    assert "Караоке: цвет заливает каждое слово" in (picker.text or "")
    await ira.click("☑️ Готово")
    await ira.wait_for_reply(lambda m: "▶️ Запустить пакет" in m.button_texts)
    await ira.click("▶️ Запустить пакет")
    await ira.wait_for_reply(lambda m: "очеред" in (m.text or ""))
    await queue.close()
    kept, shorts = await _batch_captions(db)
    assert kept == (boxed, True)
    assert shorts == [(boxed, True)] * 3


async def test_tampered_or_stale_picker_buttons_on_a_batch(
    chat: ClientFactory,
    db: async_sessionmaker[AsyncSession],
    queue: LocalQueue,
    dispatcher: Dispatcher,
    bot: Bot,
) -> None:
    eve = chat(5303, "Eve", "en")
    await make_pro(eve, db)
    summary = await order_batch(eve, TOPICS)
    for data in CAPTION_TAMPERED:
        answer = await press(eve, dispatcher, bot, data)
        assert (answer.show_alert, answer.answer_text) == (True, STALE), data
    assert eve.emulator.message(eve.chat.id, summary.message_id).text == summary.text

    await eve.click("▶️ Start the batch")
    await eve.wait_for_reply(lambda m: "queued" in (m.text or ""))
    await queue.close()
    for data in [f"cap:{a}:pop:lower:medium" for a in ("open", "look", "count", "done")]:
        answer = await press(eve, dispatcher, bot, data)
        assert (answer.show_alert, answer.answer_text) == (True, STALE), data
    kept, shorts = await _batch_captions(db)
    assert kept == (CaptionChoice(), False)
    assert shorts == [(CaptionChoice(), False)] * 3
