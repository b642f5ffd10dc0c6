"""Character variations in the bot, in Russian, offline: the card's button, the honest menu
(poses only), one variation then the rest as an album with their face match, the list on
the card, deleting one, and a foreign variation ID refused."""

import shutil
from pathlib import Path

import pytest
from aiogram import Bot, Dispatcher
from conftest import ClientFactory
from infra.faces import grace_hopper
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.callbacks import MAX_DB_ID, VariationAction, VariationCb
from db.models import CharacterVariation, VariationKind
from db.queries import users
from pipeline.context import JobCtx
from services import character_studio
from storage.disk import Storage
from tests.emulators.telegram import TelegramEmulator

pytestmark = [pytest.mark.timeout(180)]


def test_variation_payloads_fit_in_64_bytes() -> None:
    big = MAX_DB_ID  # the largest ID a callback may carry
    longest = max(VariationKind, key=len)
    for action in VariationAction:
        data = VariationCb(action=action, character_id=big, variation_id=big, kind=longest)
        assert len(data.pack().encode()) <= 64


async def _grace(db: async_sessionmaker[AsyncSession], storage: Storage, folder: Path) -> int:
    photo = Path(shutil.copy(grace_hopper(), folder / "grace.jpg"))
    async with db() as session:
        user = await users.get_or_create_user(session, 7101, "Катя", "ru")
        character = await character_studio.create_character(
            session, storage, user.id, name="Грейс", description="", photos=[photo], style="neon"
        )
        await session.commit()
        return character.id


async def test_variations_from_the_card_to_deletion(
    chat: ClientFactory,
    *,
    db: async_sessionmaker[AsyncSession],
    job_ctx: JobCtx,
    emulator: TelegramEmulator,
    dispatcher: Dispatcher,
    bot: Bot,
    tmp_path: Path,
) -> None:
    file_storage = job_ctx["storage"]
    character_id = await _grace(db, file_storage, tmp_path)
    kate = chat(7101, "Катя", "ru")
    await kate.command("character")
    await kate.click("⭐ 🧑 Грейс")
    await kate.click("🎭 Вариации")
    menu = await kate.wait_for_reply(lambda m: "вариации" in (m.text or ""))
    assert "Честно" in (menu.text or "")
    assert "😊 Улыбка" not in menu.button_texts  # no emotions offline
    assert {"↔️ Зеркально", "🔍 Крупный план", "✨ Сделать все недостающие"} <= set(
        menu.button_texts
    )

    await kate.click("🔍 Крупный план")
    await kate.wait_for_reply(lambda m: "Делаю вариации" in (m.text or ""))
    photo = await kate.wait_for_reply(lambda m: m.media_kind == "photo", timeout=90)  # the job
    assert "🔍 Крупный план: сходство лица" in (photo.caption or "")
    menu = await kate.wait_for_reply(lambda m: "Готовы: 🔍 Крупный план" in (m.text or ""))
    assert "🔍 Крупный план" not in menu.button_texts

    await kate.click("✨ Сделать все недостающие", message=menu)
    await kate.wait_for_reply(lambda m: "Готовы:" in (m.text or "") and "↔️" in (m.text or ""))
    album = [m for m in kate.replies() if m.media_kind == "photo"]
    assert len(album) == 3
    assert len({m.data.get("media_group_id") for m in album}) == 1
    async with db() as session:
        rows = (await session.scalars(select(CharacterVariation))).all()
    assert len(rows) == 4
    assert all((row.similarity or 0) >= 0.9 for row in rows)

    await kate.click("🗑 ↔️ Зеркально")
    await kate.wait_for_reply(lambda m: "↔️ Зеркально" in m.button_texts)
    mirrored = next(row for row in rows if row.kind is VariationKind.MIRRORED)
    assert not file_storage.resolve(mirrored.path).exists()
    await kate.click("⬅️ К персонажу")
    card = await kate.wait_for_reply(lambda m: "Вариации:" in (m.text or ""))
    assert "🔍 Крупный план" in (card.text or "")

    stranger = chat(7102, "Eve", "en")
    await stranger.command("character")
    target = emulator.last_message(stranger.chat.id)
    assert target is not None
    foreign = [
        VariationCb(action=VariationAction.DELETE, variation_id=rows[0].id),
        VariationCb(action=VariationAction.MENU, character_id=character_id),
        VariationCb(
            action=VariationAction.MAKE, character_id=character_id, kind=VariationKind.TILTED
        ),
    ]
    for data in foreign:
        record = emulator.user_clicks(
            stranger.user, target, data.pack(), strict=False, enqueue=False
        )  # a tampered client: no such button
        assert record.update is not None
        await dispatcher.feed_raw_update(bot, record.update)
        answer = await stranger.wait_for_answer(record)
        assert (answer.show_alert, answer.answer_text) == (
            True,
            "Not found: it was deleted, or it is not yours.",
        )
    async with db() as session:
        assert len((await session.scalars(select(CharacterVariation))).all()) == 3
