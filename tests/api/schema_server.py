"""The REST API on a real uvicorn in a thread of its own (its own event loop, engine and
queue), for schemathesis, which calls it synchronously over HTTP: production mode on a
PostgreSQL database of its own and Redis, with no job worker, so what the fuzzer creates waits in
the queue instead of rendering."""

import asyncio
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
import uvicorn
from cryptography.fernet import Fernet
from infra.databases import RUN_ID, drop_database, recreate_database
from rest_support import rest_settings
from web_support import PLATFORM, FakeClock, RecordingAccountNotifier, free_socket

from api.app import create_app
from api.deps import RestDeps, WebDeps
from api.rate_limit import MemoryRateLimiter
from core.api_settings import ApiSettings
from core.plans import PlanCode
from core.signing import Signer
from core.token_cipher import TokenCipher
from db.engine import make_engine, make_sessionmaker
from db.migrate import upgrade_head
from db.queries import users
from jobs.queue import ArqQueue
from services.api_keys import create_api_key
from services.plan_grants import grant_plan
from services.web_links import WebLinks
from storage.disk import Storage
from storage.local import LocalStore
from tests.emulators.oauth2 import EmulatorOAuthClient, OAuth2Emulator

STARTUP_S = 120.0  # a migrated database of its own, then uvicorn, on a loaded machine
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")


@dataclass(frozen=True, slots=True)
class ServedApi:
    url: str
    headers: dict[str, str]  # a Pro user's key


@dataclass
class Handoff:
    """Between the test's thread and the server's: the served API (or the error) once up."""

    started: threading.Event = field(default_factory=threading.Event)
    box: list[object] = field(default_factory=list)
    stop: asyncio.Event = field(default_factory=asyncio.Event)


async def _serve(tmp: Path, pg_server_url: str, redis_url: str, handoff: Handoff) -> None:
    started, box, stop = handoff.started, handoff.box, handoff.stop
    # A database of its own: what the fuzzer creates must not meet other tests' counts.
    name = f"test_schema_{RUN_ID}_{WORKER}"
    pg_url = await recreate_database(pg_server_url, name)
    await asyncio.to_thread(upgrade_head, pg_url)
    root = tmp / "storage"
    root.mkdir(parents=True, exist_ok=True)
    # Limits far above what a fuzzing run sends: the rate-limit answer is tested elsewhere.
    settings = rest_settings(root, ApiSettings(rate_per_minute_pro=1_000_000))
    engine = make_engine(pg_url)
    sessionmaker = make_sessionmaker(engine)
    clock = FakeClock()
    queue = await ArqQueue.connect(redis_url)
    sock = free_socket()
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    try:
        async with OAuth2Emulator() as platform, aiohttp.ClientSession() as http:
            async with sessionmaker() as session:
                user = await users.get_or_create_user(session, 990_001, "Fuzzer", "en")
                await grant_plan(session, user.id, PlanCode.PRO, days=30, now=clock())
                await session.commit()
                made = await create_api_key(session, user.id, now=clock())
            rest = RestDeps(
                settings=settings, queue=queue, storage=Storage(root), clock=clock,
                limiter=MemoryRateLimiter(),
            )  # fmt: skip
            deps = WebDeps(
                sessionmaker=sessionmaker,
                clients={PLATFORM: EmulatorOAuthClient(platform.base_url)},
                http=http,
                cipher=TokenCipher([Fernet.generate_key().decode()]),
                links=WebLinks(url, Signer(b"schema-key", clock)),
                store=LocalStore(root),
                scratch=tmp / "scratch",
                notifier=RecordingAccountNotifier(),
                rest=rest,
            )
            config = uvicorn.Config(create_app(deps), log_config=None, access_log=False)
            server = uvicorn.Server(config)
            task = asyncio.create_task(server.serve(sockets=[sock]))
            while not server.started:  # noqa: ASYNC110 (uvicorn offers a flag, no event)
                await asyncio.sleep(0.01)
            box.append(ServedApi(url=url, headers={"Authorization": f"Bearer {made.secret}"}))
            started.set()
            await stop.wait()
            server.should_exit = True
            await task
    except BaseException as error:
        box.append(error)
        started.set()
        raise
    finally:
        sock.close()
        await queue.close()
        await engine.dispose()
        await drop_database(pg_server_url, name)


@contextmanager
def served_api(tmp: Path, pg_server_url: str, redis_url: str) -> Iterator[ServedApi]:
    loop = asyncio.new_event_loop()
    handoff = Handoff()
    started, box, stop = handoff.started, handoff.box, handoff.stop
    runner = threading.Thread(
        target=loop.run_until_complete,
        args=(_serve(tmp, pg_server_url, redis_url, handoff),),
        daemon=True,
    )
    runner.start()
    try:
        assert started.wait(STARTUP_S), "the API did not start"
        result = box[0]
        if isinstance(result, BaseException):
            raise result
        assert isinstance(result, ServedApi)
        yield result
    finally:
        loop.call_soon_threadsafe(stop.set)
        runner.join(STARTUP_S)
        loop.close()
