"""`python -m bot` (embedded) starting with a project that crashed the process every time it
ran: it is failed and its owner told, instead of crash-looping the bot at start."""

import asyncio
import signal
import sys
from pathlib import Path

import pytest
from bot_process import ROOT, process_env, queued_project
from sqlalchemy import update

from core.enums import ProjectStatus, StageName
from core.settings import JobsSettings
from db.engine import make_engine, make_sessionmaker
from db.models import Project
from tests.emulators.telegram import DEFAULT_TOKEN, BotClient, TelegramEmulator


async def crashed_every_time(url: str, project_id: int) -> None:
    """The row a project leaves after killing its process on each of its allowed attempts."""
    engine = make_engine(url)
    try:
        async with make_sessionmaker(engine)() as session:
            await session.execute(
                update(Project)
                .where(Project.id == project_id)
                .values(
                    status=ProjectStatus.RUNNING,
                    stage=StageName.VISUALS,
                    attempts=JobsSettings().max_attempts,
                    lease_owner=None,  # its holder is long gone
                )
            )
            await session.commit()
    finally:
        await engine.dispose()


@pytest.mark.timeout(180)
async def test_a_project_out_of_attempts_is_failed_at_start_and_the_bot_answers(
    emulator: TelegramEmulator, tmp_path: Path
) -> None:
    url, storage = f"sqlite+aiosqlite:///{tmp_path}/bot.db", tmp_path / "storage"
    storage.mkdir()
    lena = emulator.add_user(10101, "Лена", language_code="ru")
    await crashed_every_time(url, await queued_project(url, storage, lena.id))
    env = process_env(
        BOT__TOKEN=DEFAULT_TOKEN,
        BOT__API_URL=emulator.base_url,
        DB__URL=url,
        STORAGE__ROOT=str(storage),
    )
    client = BotClient(emulator, lena, timeout=30)  # sees what the start-up sends, too
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", cwd=ROOT, env=env, stderr=asyncio.subprocess.PIPE
    )
    try:
        await emulator.wait_until_polling(timeout=120)  # the start-up pass has run by now
        failure = await client.wait_for_reply(lambda m: "🔁 Попробовать снова" in m.button_texts)
        assert (failure.text or "").startswith("Ничего не пропало")
        explained, _ = emulator.messages(lena.id)
        assert (explained.text or "").startswith("⚠️ Зачем нужен сон: работа остановилась.\n")
        assert "сервер несколько раз подряд падал" in (explained.text or "")
        await client.command("start")
        await client.wait_for_reply(lambda m: "Привет" in (m.text or ""))
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGINT)
        _, stderr = await asyncio.wait_for(process.communicate(), timeout=30)
    assert process.returncode == 0, stderr.decode()[-2000:]
    assert not [m for m in emulator.messages(lena.id) if m.media_kind == "video"]
