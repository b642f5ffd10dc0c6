"""DB__URL and REDIS__URL carry passwords: they are secrets in the settings (never shown in
a repr, a dump or a log line) and the bot still connects with them, as a process: polling on
a PostgreSQL database its own role owns, and the worker on a Redis user with a password."""

import asyncio
import io
import json
import logging
import secrets
import signal
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import redis.asyncio
import structlog
from bot_process import ROOT, process_env
from infra.databases import RUN_ID, drop_database, recreate_database
from sqlalchemy import make_url, text

from core.logs import configure_logging
from core.settings import LogSettings, get_settings
from db.engine import make_engine
from db.migrate import upgrade_head
from tests.emulators.telegram import DEFAULT_TOKEN, BotClient, TelegramEmulator

DB_PASSWORD = "pg-" + secrets.token_hex(8)
REDIS_PASSWORD = "rd-" + secrets.token_hex(8)


@pytest.fixture
def settings_from_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("DB__URL", f"postgresql+asyncpg://shorts:{DB_PASSWORD}@db:5432/shorts")
    monkeypatch.setenv("REDIS__URL", f"redis://:{REDIS_PASSWORD}@redis:6379/0")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture
def json_logs() -> Iterator[io.StringIO]:
    """The production logging in JSON mode, written to a buffer the test reads."""
    saved, stream = structlog.get_config(), io.StringIO()
    handler = configure_logging(LogSettings(json_output=True), stream=stream)
    yield stream
    logging.getLogger().removeHandler(handler)
    structlog.configure(**saved)


@pytest.mark.usefixtures("settings_from_env")
def test_the_urls_are_secrets_in_reprs_dumps_and_logs(json_logs: io.StringIO) -> None:
    settings = get_settings()
    assert settings.redis is not None
    shown = [repr(settings), str(settings), settings.model_dump_json(), repr(settings.db)]
    shown.append(json.dumps(settings.model_dump(mode="json")))
    structlog.get_logger("test").info("settings", settings=settings, db=settings.db.url)
    shown.append(json_logs.getvalue())
    for seen in shown:
        assert DB_PASSWORD not in seen
        assert REDIS_PASSWORD not in seen
    assert "**********" in shown[-1]
    assert settings.db.url.get_secret_value().endswith(f":{DB_PASSWORD}@db:5432/shorts")
    assert settings.redis.url.get_secret_value() == f"redis://:{REDIS_PASSWORD}@redis:6379/0"


async def _autocommit(server_url: str, *statements: str) -> None:
    engine = make_engine(server_url, for_migrations=True)
    try:
        async with engine.connect() as connection:
            await connection.execution_options(isolation_level="AUTOCOMMIT")
            for statement in statements:
                await connection.execute(text(statement))
    finally:
        await engine.dispose()


@pytest.fixture
async def pg_role_url(pg_server_url: str) -> AsyncIterator[str]:
    """A database owned by a role of its own, whose URL carries the role's password."""
    role, name = f"sf_secret_{RUN_ID}", f"test_secret_{RUN_ID}"
    await _autocommit(
        pg_server_url,
        f'DROP ROLE IF EXISTS "{role}"',
        f"CREATE ROLE \"{role}\" LOGIN PASSWORD '{DB_PASSWORD}'",
    )
    await recreate_database(pg_server_url, name)
    await _autocommit(pg_server_url, f'ALTER DATABASE "{name}" OWNER TO "{role}"')
    url = make_url(pg_server_url).set(username=role, password=DB_PASSWORD, database=name)
    yield url.render_as_string(hide_password=False)
    await drop_database(pg_server_url, name)
    await _autocommit(pg_server_url, f'DROP ROLE IF EXISTS "{role}"')


async def _stop(process: asyncio.subprocess.Process) -> str:
    process.send_signal(signal.SIGINT)
    _, stderr = await asyncio.wait_for(process.communicate(), timeout=30)
    assert process.returncode == 0, stderr.decode()[-2000:]
    return stderr.decode()


@pytest.mark.timeout(120)
async def test_the_bot_polls_on_postgres_with_a_password_in_the_url(
    emulator: TelegramEmulator, pg_role_url: str, tmp_path: Path
) -> None:
    env = process_env(
        BOT__TOKEN=DEFAULT_TOKEN, BOT__API_URL=emulator.base_url, DB__URL=pg_role_url,
        STORAGE__ROOT=str(tmp_path), LOG__LEVEL="INFO",
    )  # fmt: skip
    bot = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", cwd=ROOT, env=env, stderr=asyncio.subprocess.PIPE
    )
    try:
        await emulator.wait_until_polling(timeout=60)
        ann = BotClient(emulator, emulator.add_user(12001, "Ann", language_code="en"), timeout=30)
        await ann.command("start")
        await ann.wait_for_reply(lambda m: m.button_texts == ["English", "Русский"])
    finally:
        logs = await _stop(bot)
    assert DB_PASSWORD not in logs


@pytest.fixture
async def redis_user_url(redis_url: str) -> AsyncIterator[str]:
    """This worker's Redis database as a Redis ACL user with a password."""
    user = f"sf-secret-{RUN_ID}"
    parts = urlsplit(redis_url)
    netloc = f"{user}:{REDIS_PASSWORD}@{parts.hostname}:{parts.port}"
    async with redis.asyncio.Redis.from_url(redis_url) as admin:
        grant = ("on", f">{REDIS_PASSWORD}", "~*", "&*", "+@all")
        await admin.execute_command("ACL", "SETUSER", user, *grant)
        try:
            yield parts._replace(netloc=netloc).geturl()
        finally:
            await admin.execute_command("ACL", "DELUSER", user)


@pytest.mark.timeout(120)
async def test_the_worker_connects_to_redis_as_a_user_with_a_password(
    emulator: TelegramEmulator, redis_user_url: str, tmp_path: Path
) -> None:
    db_url = f"sqlite+aiosqlite:///{tmp_path}/bot.db"
    await asyncio.to_thread(upgrade_head, db_url)
    env = process_env(
        BOT__TOKEN=DEFAULT_TOKEN, BOT__API_URL=emulator.base_url, DB__URL=db_url,
        REDIS__URL=redis_user_url, STORAGE__ROOT=str(tmp_path), LOG__LEVEL="INFO",
    )  # fmt: skip
    worker = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "jobs", cwd=ROOT, env=env, stderr=asyncio.subprocess.PIPE
    )
    try:
        async with redis.asyncio.Redis.from_url(redis_user_url) as client:
            for _ in range(300):  # arq records its health on its first poll
                if await client.exists("arq:queue:health-check"):
                    break
                await asyncio.sleep(0.1)
            else:
                pytest.fail("the worker never reached Redis")
    finally:
        logs = await _stop(worker)
    assert REDIS_PASSWORD not in logs
