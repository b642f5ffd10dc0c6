"""`python -m bot` polls Telegram (jobs run in-process when REDIS__URL is unset);
`python -m bot worker` runs the arq worker. The one composition root of the bot."""

import asyncio
import gc
import sys
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager, suppress

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.fsm.storage.base import BaseEventIsolation, BaseStorage
from aiogram.fsm.storage.memory import SimpleEventIsolation
from aiogram.fsm.storage.redis import RedisStorage
from arq import create_pool
from arq.connections import RedisSettings

from bot.dispatcher import bot_properties, build_dispatcher
from bot.fsm_storage import DatabaseStorage
from bot.i18n import make_core
from bot.notify import TelegramNotifier
from bot.responses import keep_response_models
from core.logs import configure_logging, configured_secrets
from core.ports import JobQueue
from core.settings import Settings, get_settings
from db.engine import make_engine, make_sessionmaker
from db.migrate import upgrade_head_in_child
from jobs.queue import ArqQueue, LocalQueue
from jobs.runtime import build_job_ctx
from jobs.worker import make_worker
from storage.disk import Storage
from storage.factory import open_storage

SETUP_HELP = (
    "BOT__TOKEN is not set. Get a token from @BotFather and run:\n"
    "  BOT__TOKEN=123456:ABC... python -m bot\n"
    "(BOT__API_URL points the bot at a local Bot API server or the test emulator.)"
)


def make_bot(settings: Settings) -> Bot:
    token = settings.bot.token.get_secret_value() if settings.bot.token else ""
    session = AiohttpSession(api=TelegramAPIServer.from_base(settings.bot.api_url))
    return Bot(token=token, session=session, default=bot_properties())


async def make_notifier(
    bot: Bot, settings: Settings, stack: AsyncExitStack, storage: Storage
) -> TelegramNotifier:
    """A notifier with its own engine (the worker's jobs build theirs in `job_context`)."""
    engine = make_engine(settings.db.url.get_secret_value(), echo=settings.db.echo)
    stack.push_async_callback(engine.dispose)
    core = make_core()
    await core.startup()
    return TelegramNotifier(bot, make_sessionmaker(engine), core, storage)


@asynccontextmanager
async def worker_notifier(settings: Settings, storage: Storage) -> AsyncIterator[TelegramNotifier]:
    keep_response_models()
    async with AsyncExitStack() as stack:
        bot = make_bot(settings)
        stack.push_async_callback(bot.session.close)
        yield await make_notifier(bot, settings, stack, storage)


async def run_polling(settings: Settings) -> None:
    """Poll until stopped; embedded mode migrates, runs jobs here and resumes unfinished ones."""
    if settings.redis is None:
        await asyncio.to_thread(upgrade_head_in_child, settings.db.url.get_secret_value())
    async with AsyncExitStack() as stack:
        storage = await stack.enter_async_context(open_storage(settings.storage))
        engine = make_engine(settings.db.url.get_secret_value(), echo=settings.db.echo)
        stack.push_async_callback(engine.dispose)
        sessionmaker = make_sessionmaker(engine)
        bot = make_bot(settings)
        stack.push_async_callback(bot.session.close)
        queue: JobQueue
        fsm: BaseStorage
        isolation: BaseEventIsolation
        if settings.redis is None:
            notifier = await make_notifier(bot, settings, stack, storage)
            ctx = build_job_ctx(settings, sessionmaker, notifier, storage)
            queue = LocalQueue(ctx, concurrency=settings.render.concurrency)
            fsm, isolation = DatabaseStorage(sessionmaker), SimpleEventIsolation()
        else:
            queue = ArqQueue(
                await create_pool(RedisSettings.from_dsn(settings.redis.url.get_secret_value()))
            )
            redis_fsm = RedisStorage.from_url(settings.redis.url.get_secret_value())
            fsm, isolation = redis_fsm, redis_fsm.create_isolation()
        stack.push_async_callback(queue.close)
        stack.push_async_callback(fsm.close)
        dispatcher = build_dispatcher(
            settings=settings,
            sessionmaker=sessionmaker,
            file_storage=storage,
            queue=queue,
            fsm_storage=fsm,
            events_isolation=isolation,
        )
        if isinstance(queue, LocalQueue):
            await queue.resume_unfinished()
            queue.start_reaper()  # stopped by queue.close()
        # Everything built so far lives as long as the process: keep it out of the cyclic
        # collector, whose full passes over it otherwise stall updates for 100+ ms.
        gc.freeze()
        await dispatcher.start_polling(bot, close_bot_session=False)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    settings = get_settings()
    configure_logging(settings.log, secrets=configured_secrets(settings))
    if settings.bot.token is None or not settings.bot.token.get_secret_value().strip():
        print(SETUP_HELP, file=sys.stderr)
        return 2
    if args[:1] == ["worker"]:
        if settings.redis is None:
            print(
                "The worker needs REDIS__URL (without it, `python -m bot` runs jobs itself).",
                file=sys.stderr,
            )
            return 2
        redis = RedisSettings.from_dsn(settings.redis.url.get_secret_value())
        # Stopped mid-job, arq cancels the job (it is queued again for the next worker) and
        # its run() re-raises that cancellation: an orderly stop, not a crash.
        with suppress(asyncio.CancelledError):
            make_worker(settings, lambda files: worker_notifier(settings, files), redis).run()
        return 0
    asyncio.run(run_polling(settings))
    return 0


if __name__ == "__main__":
    sys.exit(main())
