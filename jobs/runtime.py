"""Builds a `JobCtx` for one process: engine, sessions, storage, providers, ffmpeg."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.ports import Notifier
from core.settings import Settings
from db.engine import make_engine, make_sessionmaker
from db.migrate import upgrade_head_in_child
from pipeline.context import JobCtx
from pipeline.ffmpeg.binary import find_ffmpeg
from pipeline.ffmpeg.encoder_probe import choose_encoder
from pipeline.lease import new_runner_id
from pipeline.providers import build_providers
from pipeline.speech.cache import speech_cache
from storage.disk import Storage
from storage.factory import open_storage


def build_job_ctx(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    notifier: Notifier,
    storage: Storage | None = None,
) -> JobCtx:
    """The JobCtx for an existing sessionmaker: providers and ffmpeg from settings; `storage`
    from `storage.factory.open_storage` (None: the local store's root)."""
    storage = storage or Storage(settings.storage.root.resolve())
    return JobCtx(
        settings=settings,
        sessionmaker=sessionmaker,
        storage=storage,
        providers=build_providers(settings.providers, speech_cache=speech_cache(storage.root)),
        ffmpeg=find_ffmpeg(settings.render.ffmpeg),
        notifier=notifier,
        runner_id=new_runner_id(),
    )


async def choose_render_encoder(ctx: JobCtx) -> None:
    """Probe `RENDER__ENCODER` now, at the start of a process that renders: an explicit
    encoder that does not work here stops the start with `EncoderUnavailable`; the choice is
    kept for the process's renders (`pipeline.ffmpeg.encoder_probe`)."""
    await choose_encoder(ctx["ffmpeg"], ctx["settings"].render)


@asynccontextmanager
async def job_context(
    settings: Settings,
    notifier: Notifier,
    *,
    migrate: bool = True,
    storage: Storage | None = None,
    renders: bool = True,
) -> AsyncIterator[JobCtx]:
    """Yield a ready JobCtx; the engine (and the storage opened here) is closed on exit.

    `migrate` brings the database to the newest schema first, as the embedded start does.
    `storage`: the process's (shared with its notifier); None opens one from settings.
    `renders`: the process renders, so its video encoder is chosen first.
    """
    if migrate:
        await asyncio.to_thread(upgrade_head_in_child, settings.db.url.get_secret_value())
    async with AsyncExitStack() as stack:
        if storage is None:
            storage = await stack.enter_async_context(open_storage(settings.storage))
        engine = make_engine(settings.db.url.get_secret_value(), echo=settings.db.echo)
        stack.push_async_callback(engine.dispose)
        ctx = build_job_ctx(settings, make_sessionmaker(engine), notifier, storage)
        if renders:
            await choose_render_encoder(ctx)
        yield ctx
