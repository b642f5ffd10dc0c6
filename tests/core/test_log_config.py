"""`configure_logging`: one pipeline for structlog and stdlib loggers, redacted tracebacks,
no local variables outside development, one JSON line per event."""

import io
import json
import logging
import re
import sys
import warnings
from collections.abc import Callable, Iterator

import aiohttp
import pytest
import structlog
from sqlalchemy import text

from core.logs import CONTINUATION, configure_logging, reset_logging
from core.redaction import REDACTED
from core.settings import LogSettings
from db.engine import make_engine
from tests.emulators.telegram import TelegramEmulator

TOKEN = "7012345678:AAHk3vQ9xZp2LmN8rT5wY1cD4fG7hJ0kLmN"  # noqa: S105 - shaped like a real one
SECRET_PART = TOKEN.split(":")[1]
STAMP = re.compile(r"^\d{4}-\d\d-\d\dT")

Configure = Callable[..., io.StringIO]


@pytest.fixture
def configure() -> Iterator[Configure]:
    """`configure(json_output=..., dev=..., level=...)` -> the stream the logs go to."""
    handlers: list[logging.Handler] = []

    def apply(**options: object) -> io.StringIO:
        stream = io.StringIO()
        settings = LogSettings.model_validate(options)
        handlers.append(configure_logging(settings, secrets=[TOKEN], stream=stream))
        return stream

    yield apply
    for handler in handlers:
        reset_logging(handler)


async def download_error() -> aiohttp.ClientResponseError:
    """The real error of a failed download: its text holds the URL, and the URL the token."""
    async with TelegramEmulator(TOKEN) as emulator, emulator.create_bot() as bot:
        sent = emulator.user_sends_document(emulator.add_user(5), None, b"data", "a.bin")
        emulator.faults.server_error("downloadFile")
        with pytest.raises(aiohttp.ClientResponseError) as caught:
            await bot.download((sent.media or {})["file_id"], destination=io.BytesIO())
    assert f"bot{TOKEN}" in str(caught.value)
    return caught.value


def _raise_with_local(error: Exception, leaked_local: str) -> None:
    """Raises `error` from a frame whose local variable holds the token."""
    raise error


def log_failure(error: Exception) -> None:
    try:
        _raise_with_local(error, f"local {TOKEN}")
    except Exception:
        structlog.get_logger("bot.handlers.errors").exception("update.failed", update_id=7)
        logging.getLogger("aiogram.event").exception("Cause exception while process update")


@pytest.mark.parametrize("json_output", [True, False])
async def test_tracebacks_are_redacted_and_have_no_locals(
    configure: Configure, json_output: bool
) -> None:
    error = await download_error()
    stream = configure(json_output=json_output)
    log_failure(error)
    output = stream.getvalue()
    flat = output.replace("\r", "").replace("\n", "")
    assert TOKEN not in flat
    assert SECRET_PART not in flat
    assert f"/bot{REDACTED}/" in output
    assert "_raise_with_local" in output  # the traceback is there
    assert "leaked_local" not in output  # its locals are not
    if json_output:
        events = [json.loads(line) for line in output.splitlines()]
        assert [e["event"] for e in events] == [
            "update.failed",
            "Cause exception while process update",
        ]
        assert [e["logger"] for e in events] == ["bot.handlers.errors", "aiogram.event"]
        assert all("ClientResponseError" in e["exception"] for e in events)
    else:
        lines = output.splitlines()
        starts = [line for line in lines if not line.startswith(CONTINUATION)]
        assert len(starts) == 2  # two events; every traceback line is a continuation
        assert all(STAMP.match(line) for line in starts)


async def test_development_tracebacks_show_locals_redacted(configure: Configure) -> None:
    stream = configure(dev=True)
    log_failure(await download_error())
    output = stream.getvalue()
    assert f"leaked_local = 'local {REDACTED}'" in output
    assert SECRET_PART not in output


def test_json_mode_is_json_for_libraries_too(
    configure: Configure, capsys: pytest.CaptureFixture[str]
) -> None:
    stream = configure(json_output=True, level="INFO")
    logging.getLogger("asyncio").warning("Task exception was never retrieved\nnext line")
    logging.getLogger("arq.worker").info("Starting worker for %d functions", 3)
    logging.getLogger("alembic.runtime.migration").info("Running upgrade -> 0001")
    logging.getLogger("aiohttp.client").debug("below the level: dropped")
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        warnings.warn("old API", DeprecationWarning, stacklevel=1)
    events = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert [(e["logger"], e["level"]) for e in events] == [
        ("asyncio", "warning"),
        ("arq.worker", "info"),
        ("alembic.runtime.migration", "info"),
        ("py.warnings", "warning"),
    ]
    assert events[0]["event"] == "Task exception was never retrieved\nnext line"
    assert events[1]["event"] == "Starting worker for 3 functions"
    assert capsys.readouterr() == ("", "")


@pytest.mark.parametrize(
    "name", ["aiogram.dispatcher", "arq.worker", "sqlalchemy.engine.Engine", "alembic.env"]
)
def test_a_library_record_with_a_token_is_redacted_json(configure: Configure, name: str) -> None:
    stream = configure(json_output=True, level="INFO")
    logging.getLogger(name).warning("calling %s with bot%s", f"/bot{TOKEN}/getMe", TOKEN)
    (event,) = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert (event["logger"], event["level"]) == (name, "warning")
    assert event["event"] == f"calling /bot{REDACTED}/getMe with bot{REDACTED}"
    assert SECRET_PART not in stream.getvalue()


async def test_sqlalchemy_echo_goes_through_the_pipeline(
    configure: Configure, capsys: pytest.CaptureFixture[str], sqlite_url: str
) -> None:
    stream = configure(json_output=True, level="INFO")
    engine = make_engine(sqlite_url, echo=True)
    try:
        async with engine.connect() as connection:
            await connection.execute(text("SELECT :token"), {"token": TOKEN})
    finally:
        await engine.dispose()
    events = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert any(e["logger"] == "sqlalchemy.engine.Engine" for e in events)
    assert SECRET_PART not in stream.getvalue()
    assert capsys.readouterr().out == ""  # SQLAlchemy's own stdout handler stayed out


def test_an_uncaught_exception_is_one_redacted_event(configure: Configure) -> None:
    stream = configure(json_output=True)
    try:
        raise RuntimeError(f"database migration failed: token {TOKEN}")
    except RuntimeError as error:
        sys.excepthook(type(error), error, error.__traceback__)
    (event,) = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert (event["event"], event["level"]) == ("process.crashed", "critical")
    assert f"token {REDACTED}" in event["exception"]
