"""A real JobCtx on the test's PostgreSQL transaction (tiny renders), and an arq pool."""

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from arq import ArqRedis, create_pool
from arq.connections import RedisSettings
from queue_support import RecordingNotifier
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

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
        render=RenderSettings(width=360, height=640, preset="ultrafast", fps=15, timeout_s=120),
    )


@pytest.fixture
def job_ctx(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    notifier: RecordingNotifier,
) -> JobCtx:
    return build_job_ctx(settings, sessionmaker, notifier)


@pytest.fixture
def redis_settings(redis_url: str) -> RedisSettings:
    return RedisSettings.from_dsn(redis_url)


@pytest.fixture
async def arq_redis(redis_settings: RedisSettings) -> AsyncIterator[ArqRedis]:
    pool = await create_pool(redis_settings)
    yield pool
    await pool.aclose()
