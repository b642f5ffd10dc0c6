"""The bot token never reaches the logs: `python -m bot` as a process, a character photo whose
download fails (the error's text holds `/file/bot<token>/...`), the process's whole stderr
searched with line breaks removed, in JSON and in console mode."""

import asyncio
import json
import signal
import sys
from pathlib import Path

import pytest
from bot_media import photo_png
from bot_process import ROOT, process_env

from tests.emulators.telegram import BotClient, TelegramEmulator

TOKEN = "7012345678:AAHk3vQ9xZp2LmN8rT5wY1cD4fG7hJ0kLmN"  # noqa: S105 - shaped like a real one


async def _photo_flow(emulator: TelegramEmulator) -> list[str]:
    """/character, a photo whose download fails, the photo again; returns the two replies."""
    user = emulator.add_user(10002, "Kate", language_code="en")
    kate = BotClient(emulator, user, timeout=30)
    await kate.command("character")
    await kate.wait_for_reply(lambda m: "➕ New character" in m.button_texts)
    await kate.click("➕ New character")
    await kate.wait_for_reply(lambda m: "Send 1 to 5 photos" in (m.text or ""))
    emulator.faults.server_error("downloadFile")
    replies = []
    for _ in range(2):
        await kate.send_photo(photo_png((200, 80, 40)))
        replies.append((await kate.wait_for_reply()).text or "")
    return replies


@pytest.mark.timeout(120)
@pytest.mark.parametrize("json_output", [True, False], ids=["json", "console"])
async def test_failed_download_leaves_no_token_in_the_log(
    tmp_path: Path, json_output: bool
) -> None:
    async with TelegramEmulator(TOKEN) as emulator:
        env = process_env(
            BOT__TOKEN=TOKEN,
            BOT__API_URL=emulator.base_url,
            DB__URL=f"sqlite+aiosqlite:///{tmp_path}/bot.db",
            STORAGE__ROOT=str(tmp_path / "storage"),
            LOG__LEVEL="INFO",
            LOG__JSON_OUTPUT=str(json_output).lower(),
        )
        # A file, not a pipe: a process that logs more than a pipe holds must not block.
        output = tmp_path / "output.log"
        with output.open("wb") as sink:
            process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", cwd=ROOT, env=env, stdout=sink, stderr=sink
            )
            try:
                await emulator.wait_until_polling(timeout=60)
                replies = await _photo_flow(emulator)
            finally:
                process.send_signal(signal.SIGINT)
                await asyncio.wait_for(process.wait(), timeout=30)
    log = output.read_text(encoding="utf-8")
    assert process.returncode == 0, log[-2000:]
    flat = log.replace("\r", "").replace("\n", "")
    assert TOKEN not in flat
    assert TOKEN.split(":")[1] not in flat
    # The failure was logged, its cause with the download URL, the token redacted.
    assert "update.refused" in log
    assert "DownloadFailed" in log
    assert "/file/bot[redacted]/" in log
    if json_output:  # every line is one JSON event, aiogram's own included
        events = [json.loads(line) for line in log.splitlines()]
        assert {"aiogram.dispatcher", "bot.handlers.errors"} <= {e["logger"] for e in events}
    assert "send it again" in replies[0]
    assert "Photo 1 of up to 5 is fine" in replies[1]  # the conversation was kept
