"""The processes of the publishing world: the web app serving signed media URLs (Instagram
and TikTok pull the Short from it), and a worker process (engine, JobCtx, embedded
LocalQueue) that can be closed and built again as after a restart."""

import asyncio
import socket
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from pathlib import Path

import aiohttp
import uvicorn
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.app import create_app
from api.deps import WebDeps
from core.enums import Platform
from core.ports import AccountNotifier, Notifier
from core.settings import Settings
from core.token_cipher import token_cipher
from db.engine import make_engine, make_sessionmaker
from jobs.local_queue import LocalQueue
from jobs.publish_jobs import HTTP_TIMEOUT, job_try, publish_deps
from jobs.registry import JOB_SPECS, JobSpec
from jobs.runtime import build_job_ctx
from pipeline.context import JobCtx
from publishers.base import Publisher
from publishers.registry import oauth_clients
from services.publish_run import publish_once
from services.publishing import PUBLISH_POST
from services.web_links import web_links
from storage.disk import Storage
from storage.local import LocalStore

Sleep = Callable[[float], Awaitable[None]]


def free_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


def socket_url(sock: socket.socket) -> str:
    return f"http://127.0.0.1:{sock.getsockname()[1]}"


@asynccontextmanager
async def web_app(
    settings: Settings, sock: socket.socket, scratch: Path, *,
    notifier: AccountNotifier | None = None,
) -> AsyncIterator[None]:  # fmt: skip
    """`python -m api`'s app on `sock` (its own engine), as its composition root builds it;
    `notifier` tells the chat about connected accounts (`python -m api` has the bot's)."""
    engine = make_engine(settings.db.url.get_secret_value())
    try:
        async with aiohttp.ClientSession() as http:
            deps = WebDeps(
                sessionmaker=make_sessionmaker(engine),
                clients=oauth_clients(settings.publishers),
                http=http,
                cipher=token_cipher(settings.publishers),
                links=web_links(settings),
                store=LocalStore(settings.storage.root.resolve()),
                scratch=scratch,
                notifier=notifier,
            )
            config = uvicorn.Config(create_app(deps), log_config=None, access_log=False)
            server = uvicorn.Server(config)
            task = asyncio.create_task(server.serve(sockets=[sock]))
            while not server.started:  # noqa: ASYNC110 (uvicorn offers a flag, no event)
                await asyncio.sleep(0.01)
            try:
                yield
            finally:
                server.should_exit = True
                await task
    finally:
        await engine.dispose()


def publish_specs(
    publishers: Mapping[Platform, Publisher], sleep: Sleep | None = None
) -> dict[str, JobSpec]:
    """The registry with `publish_post` trying through `publishers` (made by hand: tiny
    chunks, no waits) and `sleep`; everything else as `jobs.publish_jobs.publish_post`."""

    async def publish_post(ctx: JobCtx, publication_id: int) -> None:
        async with aiohttp.ClientSession(timeout=HTTP_TIMEOUT) as http:
            deps = replace(publish_deps(ctx, http), publishers=publishers, sleep=sleep)
            await publish_once(deps, publication_id, job_try(ctx))

    return {**JOB_SPECS, PUBLISH_POST: replace(JOB_SPECS[PUBLISH_POST], coroutine=publish_post)}


@dataclass
class WorkerProcess:
    ctx: JobCtx
    queue: LocalQueue

    @property
    def sessionmaker(self) -> async_sessionmaker[AsyncSession]:
        return self.ctx["sessionmaker"]


async def no_wait(_seconds: float) -> None:
    await asyncio.sleep(0)


@asynccontextmanager
async def worker_process(
    settings: Settings, notifier: Notifier, *, specs: Mapping[str, JobSpec] = JOB_SPECS,
    queue_sleep: Sleep = no_wait,
) -> AsyncIterator[WorkerProcess]:  # fmt: skip
    """One process: its engine, JobCtx and LocalQueue (retries' defers through
    `queue_sleep`: no waiting in tests). Closing it loses every queued job, as a restart."""
    engine = make_engine(settings.db.url.get_secret_value())
    storage = Storage(settings.storage.root.resolve())
    ctx = build_job_ctx(settings, make_sessionmaker(engine), notifier, storage)
    queue = LocalQueue(
        ctx, specs=specs, io_concurrency=settings.jobs.io_concurrency, sleep=queue_sleep
    )
    try:
        yield WorkerProcess(ctx, queue)
    finally:
        await queue.close()
        await engine.dispose()
