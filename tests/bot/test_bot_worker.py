"""`python -m jobs`: the arq workers on real Redis resume a queued project at start-up, render
it and report through the Telegram notifier (progress message, then the preview); SIGTERM
stops them cleanly; of two workers, one killed mid-render, the other finishes the Short once."""

import asyncio
import signal
import sys
from pathlib import Path

import pytest
import redis.asyncio
from bot_process import ROOT, process_env, queued_project

from core.enums import ProjectStatus, StageName
from db.engine import make_engine, make_sessionmaker
from db.models import Project
from services.production import project_job_id
from tests.emulators.telegram import DEFAULT_TOKEN, BotClient, TelegramEmulator

pytestmark = [pytest.mark.render]


@pytest.mark.timeout(180)
async def test_worker_renders_and_notifies(
    emulator: TelegramEmulator, redis_url: str, tmp_path: Path
) -> None:
    url, storage = f"sqlite+aiosqlite:///{tmp_path}/bot.db", tmp_path / "storage"
    storage.mkdir()
    mira = emulator.add_user(11001, "Mira", language_code="en")
    project_id = await queued_project(url, storage, mira.id)
    env = process_env(
        BOT__TOKEN=DEFAULT_TOKEN, BOT__API_URL=emulator.base_url, DB__URL=url,
        REDIS__URL=redis_url, STORAGE__ROOT=str(storage), RENDER__WIDTH="360",
        RENDER__HEIGHT="640", RENDER__PRESET="ultrafast",
    )  # fmt: skip
    worker = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "jobs", cwd=ROOT, env=env, stderr=asyncio.subprocess.PIPE
    )
    try:
        client = BotClient(emulator, mira, timeout=120)
        progress = await client.wait_for_reply(lambda m: "⚙️" in (m.text or ""))
        preview = await client.wait_for_reply(lambda m: m.media_kind == "video")
        assert preview.button_texts[0] == "✅ Одобрить"  # the user's language is Russian
        assert emulator.message(mira.id, progress.message_id).text == "✅ Готово! Превью ниже."
        async with redis.asyncio.Redis.from_url(redis_url) as client_redis:
            for _ in range(100):  # the job ends just after the preview is sent
                if await client_redis.exists(f"arq:result:{project_job_id(project_id, 0)}"):
                    break
                await asyncio.sleep(0.1)
            else:
                pytest.fail("the worker did not record the job's result")
    finally:
        worker.send_signal(signal.SIGTERM)
        _, stderr = await asyncio.wait_for(worker.communicate(), timeout=30)
    assert worker.returncode == 0, stderr.decode()[-2000:]


async def _render_holder(url: str, project_id: int) -> int:
    """The pid of the worker whose runner holds the project's lease in its render stage."""
    engine = make_engine(url)
    try:
        for _ in range(1200):
            async with make_sessionmaker(engine)() as session:
                project = await session.get(Project, project_id)
                assert project is not None
                if project.status is ProjectStatus.RUNNING and project.stage is StageName.RENDER:
                    return int((project.lease_owner or "").rsplit("/", 3)[2])
                assert project.status is not ProjectStatus.DONE, "done before it was killed"
            await asyncio.sleep(0.05)
    finally:
        await engine.dispose()
    pytest.fail("no worker reached the render")


@pytest.mark.timeout(300)
async def test_a_worker_killed_mid_render_hands_the_short_to_the_other(
    emulator: TelegramEmulator, redis_url: str, tmp_path: Path
) -> None:
    url, storage = f"sqlite+aiosqlite:///{tmp_path}/bot.db", tmp_path / "storage"
    storage.mkdir()
    mira = emulator.add_user(11002, "Mira", language_code="en")
    project_id = await queued_project(url, storage, mira.id)
    env = process_env(
        BOT__TOKEN=DEFAULT_TOKEN, BOT__API_URL=emulator.base_url, DB__URL=url,
        REDIS__URL=redis_url, STORAGE__ROOT=str(storage), RENDER__WIDTH="360",
        RENDER__HEIGHT="640", RENDER__PRESET="ultrafast", JOBS__REAPER_INTERVAL_S="5",
    )  # fmt: skip
    workers = {
        process.pid: process
        for process in [
            await asyncio.create_subprocess_exec(
                sys.executable, "-m", "jobs", cwd=ROOT, env=env, stderr=asyncio.subprocess.PIPE
            )
            for _ in range(2)
        ]
    }
    try:
        killed = workers.pop(await _render_holder(url, project_id))
        killed.kill()  # SIGKILL mid-render: no cleanup, its arq job held "in progress"
        await killed.wait()
        (survivor,) = workers.values()

        client = BotClient(emulator, mira, timeout=180)
        await client.wait_for_reply(lambda m: m.media_kind == "video")
        await asyncio.sleep(6)  # a reaper tick later: still one preview
        videos = [m for m in client.replies() if m.media_kind == "video"]
        assert len(videos) == 1
        engine = make_engine(url)
        try:
            async with make_sessionmaker(engine)() as session:
                project = await session.get(Project, project_id)
                assert project is not None
                assert (project.status, project.attempts) == (ProjectStatus.DONE, 2)
        finally:
            await engine.dispose()
    finally:
        for process in workers.values():
            process.send_signal(signal.SIGTERM)
    _, stderr = await asyncio.wait_for(survivor.communicate(), timeout=30)
    assert survivor.returncode == 0, stderr.decode()[-2000:]
