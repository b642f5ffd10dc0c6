"""How fal's queue is used: the waiting policy, and fal-client's failures as domain errors."""

from dataclasses import dataclass

import httpx
from fal_client.client import FalClientHTTPError

from pipeline.imagegen.errors import ImageGenFailed, ImagesRejected, ImagesUnavailable

PROVIDER = "fal.ai"
SERVER_ERROR = 500
_AUTH_STATUSES = frozenset({401, 403})
_TRANSIENT_STATUSES = frozenset({408, 409, 429})  # and every 5xx
_DETAIL_CHARS = 200


@dataclass(frozen=True, slots=True)
class QueuePolicy:
    """How long to wait for a job, how often to poll, how often to resubmit a job that fal
    confirms it did not accept (see pipeline.imagegen.submit)."""

    timeout_s: float
    interval: float = 0.5
    submit_attempts: int = 3
    retry_delay: float = 1.0  # doubled after each refused submit


def from_fal_error(exc: Exception) -> ImageGenFailed:
    """The domain error for a fal-client or httpx failure (never carries the key)."""
    if isinstance(exc, FalClientHTTPError):
        status = exc.status_code
        reason = f"HTTP {status}" + (f" {exc.error_type}" if exc.error_type else "")
        if status in _AUTH_STATUSES:
            return ImagesRejected(provider=PROVIDER, reason=f"the API key was refused ({reason})")
        if status in _TRANSIENT_STATUSES or status >= SERVER_ERROR:
            return ImagesUnavailable(provider=PROVIDER, reason=reason)
        detail = str(exc.message)[:_DETAIL_CHARS]
        return ImagesRejected(provider=PROVIDER, reason=f"{reason}: {detail}")
    if isinstance(exc, httpx.TimeoutException):
        return ImagesUnavailable(provider=PROVIDER, reason="timed out")
    return ImagesUnavailable(provider=PROVIDER, reason=f"unreachable ({type(exc).__name__})")
