"""The web app on uvicorn at WEB__HOST:WEB__PORT, built by its composition root (here;
`python -m api` starts it, once or as WEB__WORKERS processes).

It reports connected accounts in the chat through the bot's notifier
(`bot.account_notify`): this root is the one place in `api/` allowed to import the bot.
"""

import asyncio
import socket
import tempfile
from collections.abc import AsyncIterator, Mapping
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path

import aiohttp
import structlog
import uvicorn
import uvloop
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.app import create_app
from api.deps import WebDeps
from api.rest_root import rest_dependencies
from api.workers import reuse_port_socket
from core.enums import Platform
from core.logs import configure_logging, configured_secrets
from core.ports import AccountNotifier, Notifier
from core.settings import Settings, get_settings
from core.token_cipher import token_cipher
from db.engine import make_engine, make_sessionmaker
from db.migrate import upgrade_head_in_child
from publishers.oauth import OAuthClient
from publishers.registry import oauth_clients
from services.notices import api_notifier
from services.web_links import web_links
from storage.disk import Storage
from storage.factory import build_store, open_storage

log = structlog.get_logger(__name__)


@asynccontextmanager
async def job_notifier(
    settings: Settings, sessionmaker: async_sessionmaker[AsyncSession], storage: Storage
) -> AsyncIterator[Notifier]:
    """How jobs run here report: through the bot when it is configured (chat projects, the
    API's webhooks), through webhooks alone otherwise."""
    if settings.bot.token is not None and settings.bot.token.get_secret_value():
        from bot.clients import worker_notifier  # noqa: PLC0415 - aiogram only with a bot

        async with worker_notifier(settings, storage) as notifier:
            yield notifier
        return
    yield api_notifier(sessionmaker)


async def serve(
    settings: Settings,
    clients: Mapping[Platform, OAuthClient],
    sock: socket.socket | None = None,
) -> None:
    """Serve until SIGINT or SIGTERM (uvicorn's own handlers); on `sock` when given (one
    of WEB__WORKERS processes), else on WEB__HOST:WEB__PORT."""
    if settings.redis is None:  # embedded: this process may be the first to open the database
        await asyncio.to_thread(upgrade_head_in_child, settings.db.url.get_secret_value())
    async with AsyncExitStack() as stack:
        engine = make_engine(settings.db.url.get_secret_value(), echo=settings.db.echo)
        stack.push_async_callback(engine.dispose)
        sessionmaker = make_sessionmaker(engine)
        store = build_store(settings.storage)
        await store.check()
        stack.push_async_callback(store.close)
        http = await stack.enter_async_context(aiohttp.ClientSession())
        notifier: AccountNotifier | None = None
        if settings.bot.token is not None and settings.bot.token.get_secret_value():
            # Imported here: without a bot the web app starts without aiogram (seconds).
            from bot.account_notify import account_notifier  # noqa: PLC0415

            notifier = await stack.enter_async_context(account_notifier(settings, sessionmaker))
        scratch = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="api-")))
        storage = await stack.enter_async_context(open_storage(settings.storage))
        jobs_notifier = await stack.enter_async_context(
            job_notifier(settings, sessionmaker, storage)
        )
        rest = await stack.enter_async_context(
            rest_dependencies(settings, sessionmaker, storage, jobs_notifier)
        )
        deps = WebDeps(
            sessionmaker=sessionmaker,
            clients=clients,
            http=http,
            cipher=token_cipher(settings.publishers),
            links=web_links(settings),
            store=store,
            scratch=scratch,
            notifier=notifier,
            rest=rest,
        )
        config = uvicorn.Config(
            create_app(deps),
            host=settings.web.host,
            port=settings.web.port,
            log_config=None,  # structlog, configured below, keeps the secrets out
            access_log=False,  # access lines carry `state`, `code` and media tokens
        )
        log.info("api.start", host=settings.web.host, port=settings.web.port)
        await uvicorn.Server(config).serve(sockets=None if sock is None else [sock])


def run_one(sock: socket.socket | None = None) -> None:
    settings = get_settings()
    configure_logging(settings.log, secrets=configured_secrets(settings))
    # libuv's loop: about a tenth less CPU per request than asyncio's own (bench/api.py).
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        runner.run(serve(settings, clients=oauth_clients(settings.publishers), sock=sock))


def run_worker() -> None:
    """One of WEB__WORKERS processes (spawned: it reads the same environment)."""
    web = get_settings().web
    run_one(reuse_port_socket(web.host, web.port))
