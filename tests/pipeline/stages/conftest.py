"""A real JobCtx on the test's PostgreSQL transaction, with tiny renders."""

from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from stage_support import RecordingNotifier

from core.settings import RenderSettings, Settings, StorageSettings
from jobs.runtime import build_job_ctx
from pipeline.context import JobCtx


@pytest.fixture
def notifier() -> RecordingNotifier:
    return RecordingNotifier()


@pytest.fixture
def settings(storage_root: Path) -> Settings:
    return Settings(
        storage=StorageSettings(root=storage_root),
        render=RenderSettings(width=360, height=640, preset="veryfast", timeout_s=120),
    )


@pytest.fixture
def job_ctx(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    notifier: RecordingNotifier,
) -> JobCtx:
    return build_job_ctx(settings, sessionmaker, notifier)
