"""The Telegram `Bot` client and the notifier on it, built for a process: `python -m bot`
polls with them, `python -m jobs` reports through `worker_notifier`."""

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer

from bot.batch_notify import BatchNotifier
from bot.dispatcher import bot_properties
from bot.i18n import make_core
from bot.notify import TelegramNotifier
from bot.responses import keep_response_models
from core.enums import ProjectOrigin
from core.ports import Notifier
from core.settings import Settings
from db.engine import make_engine, make_sessionmaker
from services.notices import OriginRouter
from services.webhook_notify import WebhookNotifier
from storage.disk import Storage


def make_bot(settings: Settings) -> Bot:
    token = settings.bot.token.get_secret_value() if settings.bot.token else ""
    session = AiohttpSession(api=TelegramAPIServer.from_base(settings.bot.api_url))
    return Bot(token=token, session=session, default=bot_properties())


async def make_notifier(
    bot: Bot, settings: Settings, stack: AsyncExitStack, storage: Storage
) -> Notifier:
    """A notifier with its own engine (the worker's jobs build theirs in `job_context`):
    projects asked for in a chat are reported there, the REST API's to its webhooks, others
    (the CLI's) nowhere. `storage` is
    the process's (`storage.factory.open_storage`): previews are read from it."""
    engine = make_engine(settings.db.url.get_secret_value(), echo=settings.db.echo)
    stack.push_async_callback(engine.dispose)
    core = make_core()
    await core.startup()
    sessionmaker = make_sessionmaker(engine)
    chat = TelegramNotifier(bot, sessionmaker, core, storage)
    batches = BatchNotifier(bot, sessionmaker, core)
    # The API's events are written here and delivered by the periodic pass's jobs.
    hooks = WebhookNotifier(sessionmaker)
    routes: dict[ProjectOrigin, Notifier] = {
        ProjectOrigin.CHAT: chat,
        ProjectOrigin.BATCH: batches,
        ProjectOrigin.API: hooks,
    }
    return OriginRouter(sessionmaker, routes)


@asynccontextmanager
async def worker_notifier(settings: Settings, storage: Storage) -> AsyncIterator[Notifier]:
    """The notifier of a process that runs jobs but does not poll; the Bot's session is
    closed on exit."""
    keep_response_models()
    async with AsyncExitStack() as stack:
        bot = make_bot(settings)
        stack.push_async_callback(bot.session.close)
        yield await make_notifier(bot, settings, stack, storage)
