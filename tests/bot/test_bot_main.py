"""`python -m bot` as a process: a clear error without a token; embedded polling against the
emulator on SQLite, resuming an unfinished project at start (real render, tiny frames)."""

import asyncio
import signal
import sys
from pathlib import Path

import pytest
from bot_process import ROOT, process_env, queued_project

from tests.emulators.telegram import DEFAULT_TOKEN, BotClient, TelegramEmulator


async def _run(*args: str, env: dict[str, str]) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *args,
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    _, stderr = await process.communicate()
    return process.returncode or 0, stderr.decode()


async def test_missing_token_is_a_clear_error(tmp_path: Path) -> None:
    code, stderr = await _run(env=process_env(DB__URL=f"sqlite+aiosqlite:///{tmp_path}/x.db"))
    assert code == 2
    assert "BOT__TOKEN is not set" in stderr
    code, stderr = await _run("worker", env=process_env(BOT__TOKEN=DEFAULT_TOKEN))
    assert code == 2  # the old way to start the workers is `python -m jobs`'s
    assert "The workers need REDIS__URL" in stderr


@pytest.mark.render
@pytest.mark.timeout(180)
async def test_embedded_polling_resumes_and_answers(
    emulator: TelegramEmulator, tmp_path: Path
) -> None:
    url, storage = f"sqlite+aiosqlite:///{tmp_path}/bot.db", tmp_path / "storage"
    storage.mkdir()
    lena = emulator.add_user(10001, "Лена", language_code="ru")
    await queued_project(url, storage, lena.id)
    env = process_env(
        BOT__TOKEN=DEFAULT_TOKEN,
        BOT__API_URL=emulator.base_url,
        DB__URL=url,
        STORAGE__ROOT=str(storage),
        RENDER__WIDTH="360",
        RENDER__HEIGHT="640",
        RENDER__PRESET="ultrafast",
    )
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", cwd=ROOT, env=env, stderr=asyncio.subprocess.PIPE
    )
    try:
        await emulator.wait_until_polling(timeout=60)
        client = BotClient(emulator, lena, timeout=90)
        preview = await client.wait_for_reply(lambda m: m.media_kind == "video")
        assert preview.button_texts[0] == "✅ Одобрить"
        await client.command("start")
        welcome = await client.wait_for_reply(lambda m: "Привет" in (m.text or ""))
        assert welcome.button_texts == ["English", "Русский"]
        assert emulator.commands(language_code="ru")
    finally:
        process.send_signal(signal.SIGINT)
        _, stderr = await asyncio.wait_for(process.communicate(), timeout=30)
    assert process.returncode == 0, stderr.decode()[-2000:]
