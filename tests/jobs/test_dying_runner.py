"""A runner process that dies (SIGKILL) mid-project: what the next start does with it."""

import asyncio
import os
import sys
from pathlib import Path

import pytest
from pydantic import SecretStr
from queue_support import RecordingNotifier, queue_project, rows

from core.enums import ProjectStatus
from core.settings import DbSettings, Settings
from jobs.queue import LocalQueue
from jobs.reaper import reap_projects
from jobs.runtime import job_context

ROOT = Path(__file__).resolve().parents[2]
KILLED = -9
MAX_ATTEMPTS = 2  # JOBS__MAX_ATTEMPTS here (3 by default): one process start fewer to pay


async def run_dying_runner(url: str, storage: Path, where: str) -> int:
    env = {**os.environ, "JOBS__MAX_ATTEMPTS": str(MAX_ATTEMPTS), "LOG__LEVEL": "WARNING"}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tests.jobs.dying_runner", url, str(storage), where,
        cwd=ROOT, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await asyncio.wait_for(process.communicate(), 120)
    code = process.returncode
    assert code in {0, KILLED}, (out + err).decode()[-2000:]
    return code


@pytest.fixture
def sqlite_settings(settings: Settings, sqlite_url: str) -> Settings:
    jobs = settings.jobs.model_copy(update={"max_attempts": MAX_ATTEMPTS})
    return settings.model_copy(update={"db": DbSettings(url=SecretStr(sqlite_url)), "jobs": jobs})


async def test_a_project_that_kills_its_process_is_failed_at_start_not_resumed_forever(
    sqlite_settings: Settings, notifier: RecordingNotifier
) -> None:
    async with job_context(sqlite_settings, notifier) as ctx:
        project_id = await queue_project(ctx)
    url, storage = sqlite_settings.db.url.get_secret_value(), sqlite_settings.storage.root
    limit = sqlite_settings.jobs.max_attempts

    codes = [await run_dying_runner(url, storage, "stage") for _ in range(limit + 1)]

    assert codes == [KILLED] * limit + [0]  # the last start fails it instead of dying
    async with job_context(sqlite_settings, notifier, migrate=False) as ctx:
        project = (await rows(ctx, project_id)).project
    assert (project.status, project.error_key) == (ProjectStatus.FAILED, "error-project-crashing")
    assert (project.attempts, project.lease_owner) == (limit, None)


@pytest.mark.render
@pytest.mark.timeout(180)
async def test_a_preview_lost_with_its_process_is_sent_at_the_next_start_once(
    sqlite_settings: Settings, notifier: RecordingNotifier
) -> None:
    async with job_context(sqlite_settings, notifier) as ctx:
        project_id = await queue_project(ctx)
    url, storage = sqlite_settings.db.url.get_secret_value(), sqlite_settings.storage.root

    assert await run_dying_runner(url, storage, "preview") == KILLED  # DONE, then died

    async with job_context(sqlite_settings, notifier, migrate=False) as ctx:
        killed = (await rows(ctx, project_id)).project
        assert (killed.status, killed.preview_sent_at) == (ProjectStatus.DONE, None)
        assert await LocalQueue(ctx).resume_unfinished() == []  # the next start
        assert notifier.finished_ids == [project_id]
        sent = (await rows(ctx, project_id)).project
        assert sent.preview_sent_at is not None
        assert sent.lease_owner is None
        assert await LocalQueue(ctx).resume_unfinished() == []  # and the one after that
        assert (await reap_projects(ctx, LocalQueue(ctx))).previews == []
    assert notifier.finished_ids == [project_id]  # never twice
