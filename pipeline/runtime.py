"""Builds a `JobCtx` for one process: engine, sessions, storage, providers, ffmpeg."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from db.engine import make_engine, make_sessionmaker
from db.migrate import upgrade_head
from pipeline.context import JobCtx
from pipeline.ffmpeg.binary import find_ffmpeg
from pipeline.notify import Notifier
from pipeline.providers import build_providers
from pipeline.settings import Settings
from pipeline.storage import Storage


@asynccontextmanager
async def job_context(
    settings: Settings, notifier: Notifier, *, migrate: bool = True
) -> AsyncIterator[JobCtx]:
    """Yield a ready JobCtx; the engine is disposed of on exit.

    `migrate` brings the database to the newest schema first, as the embedded start does.
    """
    if migrate:
        await asyncio.to_thread(upgrade_head, settings.db.url)
    engine = make_engine(settings.db.url, echo=settings.db.echo)
    settings.storage.root.mkdir(parents=True, exist_ok=True)
    try:
        yield JobCtx(
            settings=settings,
            sessionmaker=make_sessionmaker(engine),
            storage=Storage(settings.storage.root.resolve()),
            providers=build_providers(settings.providers),
            ffmpeg=find_ffmpeg(settings.render.ffmpeg),
            notifier=notifier,
        )
    finally:
        await engine.dispose()
