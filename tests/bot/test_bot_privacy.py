"""/delete_my_data through the bot, in Russian, with ElevenLabs on its emulator: the
confirmation lists what goes; ElevenLabs down deletes nothing and says to try later; then
everything of Olga's goes (her Short being made is stopped first, her clone is deleted at
ElevenLabs, a clone ElevenLabs had already lost is no obstacle, her files, rows and
conversation are gone, her usage stays without an owner) while Bob keeps all of his."""

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiogram import Bot, Dispatcher
from bot_flows import order_short
from conftest import ADMIN_ID, ClientFactory
from privacy_seed import rows_of, seed_user
from pydantic import SecretStr
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.settings import (
    BotSettings,
    ElevenLabsSettings,
    ProvidersSettings,
    RenderSettings,
    Settings,
    StorageSettings,
)
from db.models import UsageEntry
from jobs.queue import LocalQueue
from tests.emulators.elevenlabs import DEFAULT_KEY, ElevenLabsEmulator
from tests.emulators.telegram import DEFAULT_TOKEN

pytestmark = [pytest.mark.render, pytest.mark.timeout(240)]

OLGA, BOB = 6301, 6302
YES = "🗑 Да, удалить всё"


@pytest.fixture
async def eleven_emu() -> AsyncIterator[ElevenLabsEmulator]:
    async with ElevenLabsEmulator() as emulator:
        yield emulator
        emulator.assert_no_internal_errors()


@pytest.fixture
def settings(storage_root: Path, eleven_emu: ElevenLabsEmulator) -> Settings:
    eleven = ElevenLabsSettings(
        base_url=eleven_emu.base_url, api_key=SecretStr(DEFAULT_KEY), timeout_s=10
    )
    return Settings(
        bot=BotSettings(token=SecretStr(DEFAULT_TOKEN), admin_ids=[ADMIN_ID]),
        storage=StorageSettings(root=storage_root),
        render=RenderSettings(width=360, height=640, preset="ultrafast", timeout_s=120),
        providers=ProvidersSettings(tts="elevenlabs,espeak", elevenlabs=eleven),
    )


async def test_delete_my_data_deletes_everything_of_hers_and_nothing_of_his(
    *,
    chat: ClientFactory,
    db: async_sessionmaker[AsyncSession],
    settings: Settings,
    eleven_emu: ElevenLabsEmulator,
    queue: LocalQueue,
    dispatcher: Dispatcher,
    bot: Bot,
    tmp_path: Path,
) -> None:
    async with db() as session:
        olga = await seed_user(session, settings, OLGA, "Ольга", tmp_path)
        bob = await seed_user(session, settings, BOB, "Боб", tmp_path)
        bob_rows = await rows_of(session, bob.user_id)
    client = chat(OLGA, "Ольга", "ru")
    folder = settings.storage.root / "users" / str(olga.user_id)

    await client.command("delete_my_data")
    ask = await client.wait_for_reply(lambda m: "Удалить все ваши данные?" in (m.text or ""))
    assert "ваши ролики (1)" in (ask.text or "")
    assert "ваши голоса (2)" in (ask.text or "")
    assert "ваши персонажи (1)" in (ask.text or "")
    assert ask.button_texts == [YES, "↩️ Нет, оставить"]

    eleven_emu.faults.server_error("delete_voice", 503, times=3)  # the SDK retries twice
    refused = await client.wait_for_answer(await client.click(YES))
    assert refused.show_alert
    assert (refused.answer_text or "").startswith("Ничего не удалено: ElevenLabs сейчас")
    assert olga.clone_id in eleven_emu.voices
    async with db() as session:
        assert (await rows_of(session, olga.user_id))["voices"] == 2
    assert all(path.is_file() for path in olga.files)

    await order_short(client, "Почему кошки много спят")  # her default character is in it
    await client.click("✅ Создать")
    await client.command("new")  # and she is in the middle of another one
    assert queue.tasks  # the Short is being made
    await client.command("delete_my_data")
    await client.wait_for_reply(lambda m: "Удалить все ваши данные?" in (m.text or ""))
    await client.click(YES)
    done = await client.wait_for_reply(lambda m: "ваши данные удалены" in (m.text or ""))
    assert "роликов: 2, голосов: 2, персонажей: 1" in (done.text or "")
    assert not done.buttons

    await queue.join()  # nothing the stopped job did comes back
    assert (queue.jobs_complete, queue.jobs_failed) == (0, 0)  # stopped, not crashed into
    assert not folder.exists()  # the rows it was writing for
    assert olga.clone_id not in eleven_emu.voices
    assert bob.clone_id in eleven_emu.voices
    assert all(path.is_file() for path in bob.files)
    async with db() as session:
        gone = await rows_of(session, olga.user_id)
        assert gone == dict.fromkeys(gone, 0)
        assert await rows_of(session, bob.user_id) == bob_rows
        orphans = await session.scalars(select(UsageEntry).where(UsageEntry.user_id.is_(None)))
        # Her paid calls stay in the ledger, anonymous; the stopped job may have booked a
        # stage or two of its own before it was stopped (how far it got depends on the load).
        kept = [(u.provider, u.project_id) for u in orphans]
        assert {"elevenlabs:ivc", "fal"} <= {provider for provider, _ in kept}
        assert {project for _, project in kept} == {None}
        assert await session.scalar(select(func.count()).select_from(UsageEntry)) >= 4
    conversation = dispatcher.fsm.get_context(bot, chat_id=OLGA, user_id=OLGA)
    assert await conversation.get_state() is None
    assert await conversation.get_data() == {}

    await client.command("start")  # she may come back, as someone new
    await client.wait_for_reply(lambda m: m.button_texts == ["English", "Русский"])


async def test_keeping_the_data_deletes_nothing(
    *,
    chat: ClientFactory,
    db: async_sessionmaker[AsyncSession],
    settings: Settings,
    tmp_path: Path,
) -> None:
    async with db() as session:
        olga = await seed_user(session, settings, OLGA, "Ольга", tmp_path)
        before = await rows_of(session, olga.user_id)
    client = chat(OLGA, "Ольга", "ru")
    await client.command("delete_my_data")
    await client.wait_for_reply(lambda m: bool(m.buttons))
    await client.click("↩️ Нет, оставить")
    await client.wait_for_reply(lambda m: "Ничего не удалено" in (m.text or ""))
    async with db() as session:
        assert await rows_of(session, olga.user_id) == before
    assert all(path.is_file() for path in olga.files)
