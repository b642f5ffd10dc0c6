"""How fal's queue is used: the waiting policy, and fal-client's failures as domain errors."""

from dataclasses import dataclass

import httpx
from fal_client.client import FalClientHTTPError

from core.provider_errors import is_transient
from pipeline.imagegen.errors import (
    IMAGE_ERRORS,
    ImageGenFailed,
    ImagesKeyRefused,
    ImagesUnavailable,
)

PROVIDER = "fal.ai"
_AUTH_STATUSES = frozenset({401, 403})
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
        headers = exc.response_headers
        if status in _AUTH_STATUSES:
            refused = f"the API key was refused ({reason})"
            return ImagesKeyRefused(provider=PROVIDER, reason=refused)
        if not is_transient(status):
            reason = f"{reason}: {str(exc.message)[:_DETAIL_CHARS]}"
        return IMAGE_ERRORS.for_status(status, headers, provider=PROVIDER, reason=reason)
    if isinstance(exc, httpx.TimeoutException):
        return ImagesUnavailable(provider=PROVIDER, reason="timed out")
    return ImagesUnavailable(provider=PROVIDER, reason=f"unreachable ({type(exc).__name__})")
