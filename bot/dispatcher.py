"""`build_dispatcher`: the Dispatcher with its middlewares, routers and workflow data.

Production (`bot/__main__.py`) and the tests call it with the same arguments.
"""

from aiogram import Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.enums import ParseMode
from aiogram.fsm.storage.base import BaseEventIsolation, BaseStorage
from aiogram.fsm.storage.memory import MemoryStorage, SimpleEventIsolation
from aiogram_i18n import I18nMiddleware
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.commands import set_commands
from bot.handlers import get_routers
from bot.i18n import UserLanguageManager, make_core
from bot.middlewares.blocked import BlockedUserMiddleware
from bot.middlewares.callback_answer import AlertingCallbackAnswerMiddleware
from bot.middlewares.session import DbSessionMiddleware, UserMiddleware
from bot.middlewares.throttling import ThrottlingMiddleware
from bot.publishing_kit import PublishingKit, publishing_kit
from bot.responses import keep_response_models
from core.i18n import DEFAULT_LANGUAGE
from core.ports import JobQueue
from core.settings import Settings
from pipeline.imagegen.stage import fal_ready
from pipeline.speech.cache import speech_cache
from pipeline.voices.cloud import voice_cloud
from pipeline.wallet import Wallets
from publishers.registry import oauth_clients
from storage.disk import Storage


def bot_properties() -> DefaultBotProperties:
    """Every message is HTML: user text goes through `html.quote` before it is sent."""
    return DefaultBotProperties(parse_mode=ParseMode.HTML, link_preview_is_disabled=True)


def build_dispatcher(
    *,
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    file_storage: Storage,
    queue: JobQueue,
    fsm_storage: BaseStorage | None = None,
    events_isolation: BaseEventIsolation | None = None,
    throttling: ThrottlingMiddleware | None = None,
    publishing: PublishingKit | None = None,
) -> Dispatcher:
    """The bot's Dispatcher. Updates of one chat are handled one at a time (event
    isolation), so a double press sees the state the first press left."""
    keep_response_models()
    dispatcher = Dispatcher(
        storage=fsm_storage or MemoryStorage(),
        events_isolation=events_isolation or SimpleEventIsolation(),
        settings=settings,
        file_storage=file_storage,
        queue=queue,
        voice_cloud=voice_cloud(  # None offline: stock-voice matches
            settings.providers, cache=speech_cache(file_storage.root)
        ),
        ai_pictures=fal_ready(settings.providers),  # the New Short pictures toggle
        wallets=Wallets(sessionmaker, settings),  # paid calls: the daily ceiling, the ledger
        publishing=publishing
        or publishing_kit(settings, oauth_clients(settings.publishers), sessionmaker),
    )
    dispatcher.update.outer_middleware(DbSessionMiddleware(sessionmaker))
    dispatcher.update.outer_middleware(UserMiddleware())
    I18nMiddleware(
        core=make_core(), manager=UserLanguageManager(), default_locale=DEFAULT_LANGUAGE
    ).setup(dispatcher)
    dispatcher.update.outer_middleware(BlockedUserMiddleware())  # needs the user and i18n
    dispatcher.callback_query.middleware(AlertingCallbackAnswerMiddleware())
    throttle = throttling or ThrottlingMiddleware()
    dispatcher.message.middleware(throttle)
    dispatcher.callback_query.middleware(throttle)
    dispatcher.include_routers(*get_routers(settings.bot))
    dispatcher.startup.register(set_commands)
    dispatcher.shutdown.register(dispatcher["publishing"].close)
    return dispatcher
