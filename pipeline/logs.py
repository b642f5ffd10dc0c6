"""structlog configuration: key-value events, secrets redacted, JSON in production."""

import logging
import re
from collections.abc import MutableMapping
from typing import Any

import structlog

from pipeline.settings import LogSettings

_SECRET_KEY = re.compile(r"token|secret|key|authorization|password", re.IGNORECASE)
REDACTED = "[redacted]"


def redact_secrets(
    _logger: Any, _method: str, event: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    """Replace the value of any key that names a secret."""
    for name in event:
        if name != "event" and _SECRET_KEY.search(name):
            event[name] = REDACTED
    return event


def configure_logging(settings: LogSettings) -> None:
    """Configure structlog and the stdlib root logger once, in a composition root."""
    level = logging.getLevelNamesMapping().get(settings.level.upper(), logging.INFO)
    logging.basicConfig(level=level, format="%(message)s")
    renderer: structlog.typing.Processor = (
        structlog.processors.JSONRenderer()
        if settings.json_output
        else structlog.dev.ConsoleRenderer(colors=False)
    )
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            redact_secrets,
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(level),
        logger_factory=structlog.PrintLoggerFactory(),
        cache_logger_on_first_use=False,
    )
