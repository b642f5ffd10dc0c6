"""`python -m bot` polls Telegram (jobs run in-process when REDIS__URL is unset; with it,
`python -m jobs` runs them). The one composition root of the bot."""

import asyncio
import gc
import sys
from contextlib import AsyncExitStack

from aiogram.fsm.storage.base import BaseEventIsolation, BaseStorage
from aiogram.fsm.storage.memory import SimpleEventIsolation
from aiogram.fsm.storage.redis import RedisStorage

from bot.clients import make_bot, make_notifier
from bot.dispatcher import build_dispatcher
from bot.fsm_storage import DatabaseStorage
from core.logs import configure_logging, configured_secrets
from core.ports import JobQueue
from core.settings import Settings, get_settings
from db.engine import make_engine, make_sessionmaker
from db.migrate import upgrade_head_in_child
from jobs.periodic import periodic_specs
from jobs.queue import ArqQueue, LocalQueue
from jobs.runtime import build_job_ctx, choose_render_encoder
from services.notices import OriginRouter
from storage.factory import open_storage

SETUP_HELP = (
    "BOT__TOKEN is not set. Get a token from @BotFather and run:\n"
    "  BOT__TOKEN=123456:ABC... python -m bot\n"
    "(BOT__API_URL points the bot at a local Bot API server or the test emulator.)"
)


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
            await choose_render_encoder(ctx)
            slots = settings.jobs
            queue = LocalQueue(
                ctx, concurrency=slots.render_concurrency, io_concurrency=slots.io_concurrency
            )
            if isinstance(notifier, OriginRouter):
                notifier.attach_queue(queue)  # webhook events go out as they happen
            fsm, isolation = DatabaseStorage(sessionmaker), SimpleEventIsolation()
        else:
            queue = await ArqQueue.connect(settings.redis.url.get_secret_value())
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
            queue.start_periodic(periodic_specs(settings.jobs))  # stopped by queue.close()
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
    if args[:1] == ["worker"]:  # the old way to start the workers
        from jobs.__main__ import main as run_jobs  # noqa: PLC0415 - only for this alias

        return run_jobs(args[1:])
    asyncio.run(run_polling(settings))
    return 0


if __name__ == "__main__":
    sys.exit(main())
