"""Logging, configured once per process: our structlog events and every library's stdlib
records (aiogram, aiohttp, arq, SQLAlchemy, Alembic, asyncio) go through one structlog
pipeline, so redaction and the output format hold for all of them.

One error is one event. In JSON mode (production) an event is one line and its traceback a
field. The console (development) prints the traceback below the event, each continuation
line indented: a line that starts in column 0 always starts a new event, the rule a
line-oriented shipper's multiline setting needs (JSON needs none). Tracebacks show local
variables only with `LOG__DEV=true`: they can hold tokens, keys and users' text.
"""

import logging
import sys
import traceback
from collections.abc import Iterable
from types import TracebackType
from typing import TextIO

import structlog
from structlog.typing import (
    EventDict,
    ExceptionTransformer,
    ExcInfo,
    Processor,
    WrappedLogger,
)

from core.redaction import REDACTED, Redactor, configured_secrets
from core.settings import LogSettings

__all__ = [
    "REDACTED",
    "LogHandler",
    "configure_logging",
    "configured_secrets",
    "reset_logging",
]
CONTINUATION = "    "
# SQLAlchemy adds a stdout handler of its own to this logger when `echo` is on and the logger
# has none; a NullHandler keeps its records flowing (propagating) to ours instead.
SQL_ECHO_LOGGER = "sqlalchemy.engine.Engine"


class LogHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """The root handler `configure_logging` installs (and replaces when called again)."""


def exception_text(*, with_locals: bool) -> ExceptionTransformer:
    """A traceback as plain text (chained causes included), local variables on request."""

    def render(exc_info: ExcInfo) -> str:
        kind, error, trace = exc_info
        found = traceback.TracebackException(kind, error, trace, capture_locals=with_locals)
        return "".join(found.format()).rstrip()

    return render


def _console(logger: WrappedLogger, name: str, event: EventDict) -> str:
    text = _CONSOLE(logger, name, event).rstrip("\n")
    return text.replace("\n", "\n" + CONTINUATION)


_CONSOLE = structlog.dev.ConsoleRenderer(colors=False)


def configure_logging(
    settings: LogSettings, *, secrets: Iterable[str] = (), stream: TextIO | None = None
) -> LogHandler:
    """Configure structlog and the stdlib root logger; `secrets` are values to redact
    wherever they appear (`configured_secrets(settings)` lists the configured ones).
    Returns the root handler it installed (on `stream`, default stderr)."""
    level = logging.getLevelNamesMapping().get(settings.level.upper(), logging.INFO)
    shared: list[Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    renderer: Processor = structlog.processors.JSONRenderer() if settings.json_output else _console
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=shared,
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.StackInfoRenderer(),
            structlog.processors.ExceptionRenderer(exception_text(with_locals=settings.dev)),
            Redactor(secrets),
            renderer,
        ],
    )
    handler = LogHandler(stream or sys.stderr)
    handler.setFormatter(formatter)
    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h, LogHandler)]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    # Python's warnings as records of the "py.warnings" logger. Off first: captureWarnings(True)
    # does nothing while an earlier call's hook is recorded, even if another showwarning (a
    # test runner's, a library's) has since replaced it.
    logging.captureWarnings(False)
    logging.captureWarnings(True)
    sql = logging.getLogger(SQL_ECHO_LOGGER)
    if not sql.handlers:
        sql.addHandler(logging.NullHandler())
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        wrapper_class=structlog.make_filtering_bound_logger(level),
        logger_factory=structlog.stdlib.LoggerFactory(),
        cache_logger_on_first_use=False,
    )
    sys.excepthook = _log_crash
    return handler


def _log_crash(
    kind: type[BaseException], error: BaseException, trace: TracebackType | None
) -> None:
    """An uncaught exception is one (redacted) event like any other error."""
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, error, trace)
        return
    structlog.get_logger(__name__).critical("process.crashed", exc_info=(kind, error, trace))


def reset_logging(handler: logging.Handler) -> None:
    """Undo `configure_logging` (tests that configure logging themselves call this)."""
    logging.getLogger().removeHandler(handler)
    logging.captureWarnings(False)
    structlog.reset_defaults()
    sys.excepthook = sys.__excepthook__
