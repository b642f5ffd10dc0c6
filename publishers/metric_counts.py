"""What every metrics reader shares: a platform's number read into a count or None, and a
token refused again after its refresh read as "connect the account again".

Platforms send counts as numbers or as strings (YouTube); a value that is not a finite,
non-negative number is absurd: that field becomes None ("no data", never 0) and is logged,
and the rest of the post's numbers still count.
"""

import math
from collections.abc import Iterator
from contextlib import contextmanager

import structlog

from publishers.errors import ReconnectRequired, TokenRejected

log = structlog.get_logger(__name__)

# A read is safe to repeat, but the collection pass comes round again soon and every retry
# spends quota (YouTube units, X credits): one try per run, a failure skips that run.
METRICS_TRIES = 1


def _number(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            return None
    else:
        return None
    return number if math.isfinite(number) and number >= 0 else None


def count(value: object, *, field: str, provider: str, post_id: str) -> int | None:
    """A whole, non-negative count; None when absent or absurd (logged)."""
    if value is None:
        return None
    number = _number(value)
    if number is None or not number.is_integer():
        log.warning("metrics.absurd_value", provider=provider, post_id=post_id, field=field,
                    value=repr(value)[:40])  # fmt: skip
        return None
    return int(number)


def amount(value: object, *, field: str, provider: str, post_id: str) -> float | None:
    """A non-negative quantity (seconds of watch time); None when absent or absurd."""
    if value is None:
        return None
    number = _number(value)
    if number is None:
        log.warning("metrics.absurd_value", provider=provider, post_id=post_id, field=field,
                    value=repr(value)[:40])  # fmt: skip
    return number


@contextmanager
def reconnect_when_refused(provider: str) -> Iterator[None]:
    """The adapters refresh a refused token once and send again; a token refused after
    that is the platform's answer (access revoked): the account must be connected again."""
    try:
        yield
    except TokenRejected as error:
        raise ReconnectRequired(provider=provider, reason=str(error)) from error
