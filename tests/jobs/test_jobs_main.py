"""`python -m jobs` as a process: clear errors without Redis or with an unknown queue."""

import asyncio
import os
import sys
from pathlib import Path

from tests.emulators.telegram import DEFAULT_TOKEN

ROOT = Path(__file__).resolve().parents[2]


async def _run(*args: str, **env: str) -> tuple[int, str]:
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("BOT__", "REDIS__"))}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "jobs", *args, cwd=ROOT, env=keep | env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    _, stderr = await process.communicate()
    return process.returncode or 0, stderr.decode()


async def test_without_redis_the_workers_say_what_they_need(tmp_path: Path) -> None:
    code, stderr = await _run(
        BOT__TOKEN=DEFAULT_TOKEN, DB__URL=f"sqlite+aiosqlite:///{tmp_path}/x.db"
    )

    assert code == 2
    assert "The workers need REDIS__URL" in stderr


async def test_without_a_bot_token_the_workers_say_so(redis_url: str) -> None:
    code, stderr = await _run(REDIS__URL=redis_url)

    assert code == 2
    assert "BOT__TOKEN is not set" in stderr


async def test_an_unknown_queue_is_refused_with_the_known_ones() -> None:
    code, stderr = await _run("--queues", "render,gpu")

    assert code == 2
    assert "expected some of io, render" in stderr
