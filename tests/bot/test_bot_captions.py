"""New Short's caption picker through the real bot: the look, position, size and scene
counter reach the project, and the next New Short starts from them (en and ru)."""

import pytest
from bot_flows import order_short
from conftest import ClientFactory
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.captions import CaptionChoice, CaptionLook, CaptionPosition, CaptionSize
from db.models import Project
from tests.emulators.telegram import TelegramEmulator

pytestmark = pytest.mark.timeout(120)


async def _projects(db: async_sessionmaker[AsyncSession]) -> list[Project]:
    async with db() as session:
        return list((await session.scalars(select(Project).order_by(Project.id))).all())


async def test_captions_picked_reach_the_project_and_are_remembered(
    chat: ClientFactory, db: async_sessionmaker[AsyncSession], emulator: TelegramEmulator
) -> None:
    alice = chat(3301, "Alice", "en")
    summary = await order_short(alice, "Why cats sleep so much")
    assert "Captions: Bold · lower third · medium" in (summary.text or "")
    assert summary.button_texts == ["💬 Captions: Bold ▸", "✅ Create", "⬅️ Back", "⬅️ Menu"]

    await alice.click("💬 Captions: Bold ▸")
    picker = await alice.wait_for_reply(lambda m: "Karaoke" in m.button_texts)
    assert picker.message_id == summary.message_id
    assert picker.button_texts[:9] == [
        "✅ Bold", "Clean", "Box", "Karaoke", "Pop",
        "Middle", "✅ Lower third", "✅ Medium", "Large",
    ]  # fmt: skip
    assert "🔢 Scene counter: off" in picker.button_texts
    await alice.click("Karaoke")
    await alice.wait_for_reply(lambda m: "✅ Karaoke" in m.button_texts)
    await alice.click("Middle")
    await alice.wait_for_reply(lambda m: "✅ Middle" in m.button_texts)
    await alice.click("Large")
    await alice.wait_for_reply(lambda m: "✅ Large" in m.button_texts)
    await alice.click("🔢 Scene counter: off")
    picked = await alice.wait_for_reply(lambda m: "🔢 Scene counter: on" in m.button_texts)
    assert [t for t in picked.button_texts if t.startswith("✅")] == [
        "✅ Karaoke", "✅ Middle", "✅ Large",
    ]  # fmt: skip
    await alice.click("☑️ Done")
    back = await alice.wait_for_reply(lambda m: "✅ Create" in m.button_texts)
    assert "Captions: Karaoke · middle · large · scene counter" in (back.text or "")
    assert back.button_texts[0] == "💬 Captions: Karaoke ▸"

    await alice.click("✅ Create")
    await alice.wait_for_reply(lambda m: "queued" in (m.text or ""))
    (project,) = await _projects(db)
    assert project.options.captions == CaptionChoice(
        look=CaptionLook.KARAOKE, position=CaptionPosition.MIDDLE, size=CaptionSize.LARGE
    )
    assert project.options.scene_counter is True

    again = await order_short(alice, "Why owls hoot at night")
    assert "Captions: Karaoke · middle · large · scene counter" in (again.text or "")
    assert again.button_texts[0] == "💬 Captions: Karaoke ▸"


async def test_russian_picker_and_a_first_short_gets_the_defaults(
    chat: ClientFactory, db: async_sessionmaker[AsyncSession]
) -> None:
    boris = chat(3302, "Борис", "ru")
    summary = await order_short(boris, "Почему кошки мурлычут")
    assert "Субтитры: Жирные · нижняя треть · средние" in (summary.text or "")
    await boris.click("💬 Субтитры: Жирные ▸")
    picker = await boris.wait_for_reply(lambda m: "Плашка" in m.button_texts)
    assert "Караоке: цвет заливает каждое слово" in (picker.text or "")
    await boris.click("Плашка")
    await boris.wait_for_reply(lambda m: "✅ Плашка" in m.button_texts)
    await boris.click("☑️ Готово")
    back = await boris.wait_for_reply(lambda m: "✅ Создать" in m.button_texts)
    assert "Субтитры: Плашка · нижняя треть · средние" in (back.text or "")
    assert "счётчик" not in (back.text or "")
    await boris.click("✅ Создать")
    await boris.wait_for_reply(lambda m: "в очереди" in (m.text or ""))
    (project,) = await _projects(db)
    assert project.options.captions == CaptionChoice(look=CaptionLook.BOX)
    assert project.options.scene_counter is False
