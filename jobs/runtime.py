"""Builds a `JobCtx` for one process: engine, sessions, storage, providers, ffmpeg."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.ports import Notifier
from core.settings import Settings
from db.engine import make_engine, make_sessionmaker
from db.migrate import upgrade_head_in_child
from pipeline.context import JobCtx
from pipeline.ffmpeg.binary import find_ffmpeg
from pipeline.lease import new_runner_id
from pipeline.providers import build_providers
from pipeline.speech.cache import speech_cache
from storage.disk import Storage


def build_job_ctx(
    settings: Settings, sessionmaker: async_sessionmaker[AsyncSession], notifier: Notifier
) -> JobCtx:
    """The JobCtx for an existing sessionmaker: storage, providers and ffmpeg from settings."""
    storage = Storage(settings.storage.root.resolve())
    return JobCtx(
        settings=settings,
        sessionmaker=sessionmaker,
        storage=storage,
        providers=build_providers(settings.providers, speech_cache=speech_cache(storage.root)),
        ffmpeg=find_ffmpeg(settings.render.ffmpeg),
        notifier=notifier,
        runner_id=new_runner_id(),
    )


@asynccontextmanager
async def job_context(
    settings: Settings, notifier: Notifier, *, migrate: bool = True
) -> AsyncIterator[JobCtx]:
    """Yield a ready JobCtx; the engine is disposed of on exit.

    `migrate` brings the database to the newest schema first, as the embedded start does.
    """
    if migrate:
        await asyncio.to_thread(upgrade_head_in_child, settings.db.url.get_secret_value())
    engine = make_engine(settings.db.url.get_secret_value(), echo=settings.db.echo)
    settings.storage.root.mkdir(parents=True, exist_ok=True)
    try:
        yield build_job_ctx(settings, make_sessionmaker(engine), notifier)
    finally:
        await engine.dispose()
