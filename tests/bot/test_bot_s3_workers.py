"""The multi-machine shape on one machine: `python -m bot` and two `python -m jobs`
processes on real Redis, PostgreSQL and S3 (SeaweedFS), each in a scratch folder of its own.
The worker rendering a Short is stopped mid-render; the other resumes it from the bucket
(the stages done are not done again) and the person gets the preview once.

Killed (SIGKILL), the other worker's reaper finds the runner gone and hands the project over
(a worker stopped with SIGTERM queues the job again itself: tests/jobs/test_arq_worker.py).
"""

import asyncio
import signal
import sys
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from pathlib import Path
from uuid import uuid4

import pytest
from bot_process import ROOT, process_env
from infra.s3 import S3Endpoint
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.enums import ArtifactKind, ProjectStatus, StageName
from core.settings import S3Settings
from db.models import Artifact, Project, StageRun
from storage.s3 import S3Store
from tests.emulators.telegram import DEFAULT_TOKEN, BotClient, TelegramEmulator

pytestmark = [pytest.mark.render, pytest.mark.timeout(300), pytest.mark.xdist_group("s3")]
Process = asyncio.subprocess.Process


def _s3_env(settings: S3Settings) -> dict[str, str]:
    secret = settings.secret_key.get_secret_value() if settings.secret_key else ""
    return {
        "STORAGE__BACKEND": "s3",
        "STORAGE__S3__ENDPOINT_URL": settings.endpoint_url or "",
        "STORAGE__S3__BUCKET": settings.bucket,
        "STORAGE__S3__PREFIX": settings.prefix,
        "STORAGE__S3__ACCESS_KEY": settings.access_key or "",
        "STORAGE__S3__SECRET_KEY": secret,
        "STORAGE__S3__REGION": settings.region,
    }


@pytest.fixture
async def bucket(s3_endpoint: S3Endpoint) -> AsyncIterator[S3Store]:
    store = S3Store(s3_endpoint.settings(prefix=f"t-{uuid4().hex}"))
    yield store
    await store.delete_prefix("users/")
    await store.close()


async def _start(stack: AsyncExitStack, env: dict[str, str], log: Path, module: str) -> Process:
    """`python -m <module>`, stopped with SIGINT at the end of the test (if still running)."""
    sink = stack.enter_context(log.open("wb"))
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", module, cwd=ROOT, env=env, stdout=sink, stderr=sink
    )

    async def stop() -> None:
        if process.returncode is None:
            process.send_signal(signal.SIGINT)
            await asyncio.wait_for(process.wait(), timeout=60)

    stack.push_async_callback(stop)
    return process


async def _order(client: BotClient, topic: str) -> None:
    """/new to Create against a polling process: each press waits for the bot's answer (the
    handler is done by then), so the next one finds the keyboard it changed."""
    await client.command("new")
    await client.wait_for_reply(lambda m: bool(m.buttons))
    await client.send(topic)
    await client.wait_for_reply(lambda m: len(m.buttons) == 4)
    for button in (2, 1, 1):  # 30 s, the first style, the first tone
        await client.wait_for_answer(await client.click(button))
    for wanted in ("➡️", "✅ Create"):
        last = client.emulator.last_keyboard_message(client.chat.id)
        assert last is not None
        label = next(text for text in last.button_texts if wanted in text)
        await client.wait_for_answer(await client.click(label))


async def _wait_for_render(db: async_sessionmaker[AsyncSession]) -> Project:
    for _ in range(1800):
        async with db() as session:
            project = await session.scalar(select(Project))
        if project is not None and project.stage is StageName.RENDER and project.lease_owner:
            return project
        await asyncio.sleep(0.05)
    pytest.fail("no worker started the render")


async def _started(db: async_sessionmaker[AsyncSession], project_id: int) -> dict[str, object]:
    async with db() as session:
        runs = await session.scalars(select(StageRun).where(StageRun.project_id == project_id))
        return {run.stage.value: run.started_at for run in runs}


# SIGTERM (the job queued again at once) is tested with one process per worker in
# tests/jobs/test_arq_worker.py; here the harder case: a killed worker, found by the reaper.
@pytest.mark.parametrize("stop", [signal.SIGKILL], ids=["sigkill"])
async def test_a_worker_stopped_mid_render_hands_the_short_to_the_other(
    *,
    stop: signal.Signals,
    emulator: TelegramEmulator,
    db: async_sessionmaker[AsyncSession],
    bot_db_url: str,
    redis_url: str,
    bucket: S3Store,
    tmp_path: Path,
) -> None:
    base = process_env(
        BOT__TOKEN=DEFAULT_TOKEN, BOT__API_URL=emulator.base_url, DB__URL=bot_db_url,
        REDIS__URL=redis_url, RENDER__WIDTH="360", RENDER__HEIGHT="640",
        RENDER__PRESET="ultrafast", STORAGE__ROOT=str(tmp_path / "unused"),
        JOBS__REAPER_INTERVAL_S="5",
        **_s3_env(bucket.settings),
    )  # fmt: skip
    scratch = {name: tmp_path / name for name in ("bot", "one", "two")}
    async with AsyncExitStack() as stack:
        await _start(
            stack,
            base | {"STORAGE__SCRATCH_DIR": str(scratch["bot"])},
            tmp_path / "bot.log",
            "bot",
        )
        workers = {
            name: await _start(
                stack,
                base | {"STORAGE__SCRATCH_DIR": str(scratch[name])},
                tmp_path / f"{name}.log",
                "jobs",
            )
            for name in ("one", "two")
        }
        await emulator.wait_until_polling(timeout=60)
        mira = BotClient(
            emulator, emulator.add_user(12001, "Mira", language_code="en"), timeout=180
        )
        await _order(mira, "Why the sea is salty")

        project = await _wait_for_render(db)
        before = await _started(db, project.id)
        (holder,) = [n for n, p in workers.items() if f"/{p.pid}/" in (project.lease_owner or "")]
        workers[holder].send_signal(stop)
        await asyncio.wait_for(workers[holder].wait(), timeout=60)
        preview = await mira.wait_for_reply(lambda m: m.media_kind == "video" and bool(m.buttons))
        await asyncio.sleep(1.0)  # a second preview, if one were coming, would be here by now

    assert workers[holder].returncode == (0 if stop is signal.SIGTERM else -signal.SIGKILL)
    videos = [m for m in mira.replies() if m.media_kind == "video"]
    assert [m.message_id for m in videos] == [preview.message_id]
    async with db() as session:
        done = await session.get(Project, project.id)
        rows = list(
            await session.scalars(select(Artifact).where(Artifact.project_id == project.id))
        )
    assert done is not None
    assert done.status is ProjectStatus.DONE
    after = await _started(db, project.id)
    assert after["render"] != before["render"]  # the render ran again, on the other worker
    assert {stage: after[stage] for stage in before if stage != "render"} == {
        stage: at for stage, at in before.items() if stage != "render"
    }  # the other worker pulled the earlier stages' files from the bucket, and redid nothing
    for row in rows:
        info = await bucket.stat(row.path)
        assert info is not None
        assert info.size_bytes == row.size_bytes
    assert any(row.kind is ArtifactKind.VIDEO for row in rows)
    # Each process removed its scratch folder when it stopped (the store keeps everything);
    # a killed one could not.
    stopped = [name for name in scratch if name != holder or stop is signal.SIGTERM]
    assert [sorted(scratch[name].iterdir()) for name in stopped] == [[] for _ in stopped]
