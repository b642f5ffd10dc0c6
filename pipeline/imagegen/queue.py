"""One fal queue job through the real fal-client: submit, poll with progress, fetch, cancel.

fal-client retries transport errors, 408/409/429 and nginx-style 502-504 by itself (up to
10 attempts) but never a 500 (fal.md §2), so `submit` is retried here a bounded number of
times on 5xx and on an unreachable queue. A job that outlives `timeout_s` is cancelled (one
PUT) and reported as unavailable.
"""

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import fal_client
import httpx
import structlog
from fal_client.client import FalClientError, FalClientHTTPError

from pipeline.imagegen.errors import (
    ImageGenFailed,
    ImageOutputInvalid,
    ImagesRejected,
    ImagesUnavailable,
)

log = structlog.get_logger(__name__)

PROVIDER = "fal.ai"
StatusCallback = Callable[[fal_client.Status], Awaitable[None]]
_AUTH_STATUSES = frozenset({401, 403})
_TRANSIENT_STATUSES = frozenset({408, 409, 429})  # and every 5xx
_SERVER_ERROR = 500
_DETAIL_CHARS = 200


@dataclass(frozen=True, slots=True)
class QueuePolicy:
    """How long to wait for a job, how often to poll, how often to resubmit after a 5xx."""

    timeout_s: float
    interval: float = 0.5
    submit_attempts: int = 3
    retry_delay: float = 1.0  # doubled after each failed submit


def from_fal_error(exc: Exception) -> ImageGenFailed:
    """The domain error for a fal-client or httpx failure (never carries the key)."""
    if isinstance(exc, FalClientHTTPError):
        status = exc.status_code
        reason = f"HTTP {status}" + (f" {exc.error_type}" if exc.error_type else "")
        if status in _AUTH_STATUSES:
            return ImagesRejected(provider=PROVIDER, reason=f"the API key was refused ({reason})")
        if status in _TRANSIENT_STATUSES or status >= _SERVER_ERROR:
            return ImagesUnavailable(provider=PROVIDER, reason=reason)
        detail = str(exc.message)[:_DETAIL_CHARS]
        return ImagesRejected(provider=PROVIDER, reason=f"{reason}: {detail}")
    if isinstance(exc, httpx.TimeoutException):
        return ImagesUnavailable(provider=PROVIDER, reason="timed out")
    return ImagesUnavailable(provider=PROVIDER, reason=f"unreachable ({type(exc).__name__})")


def _worth_resubmitting(exc: Exception) -> bool:
    if isinstance(exc, FalClientHTTPError):
        return exc.status_code >= _SERVER_ERROR
    return isinstance(exc, httpx.TransportError)


async def submit(
    client: fal_client.AsyncClient, endpoint: str, arguments: dict[str, Any], policy: QueuePolicy
) -> fal_client.AsyncRequestHandle:
    """Submit the job; a 5xx or an unreachable queue is tried again, at most
    `policy.submit_attempts` times in all."""
    for attempt in range(1, policy.submit_attempts + 1):
        try:
            return await client.submit(endpoint, arguments)
        except (FalClientHTTPError, httpx.TransportError) as exc:
            error = from_fal_error(exc)
            if attempt == policy.submit_attempts or not _worth_resubmitting(exc):
                raise error from exc
            log.warning("fal.submit_retry", endpoint=endpoint, attempt=attempt, reason=str(error))
            await asyncio.sleep(policy.retry_delay * 2 ** (attempt - 1))
    raise AssertionError("unreachable: the last attempt returns or raises")  # pragma: no cover


async def run_job(
    client: fal_client.AsyncClient,
    endpoint: str,
    arguments: dict[str, Any],
    policy: QueuePolicy,
    on_status: StatusCallback | None = None,
) -> tuple[str, dict[str, Any]]:
    """Run one job to completion: (request id, output JSON). Every status polled goes to
    `on_status` (Queued -> InProgress -> Completed)."""
    handle = await submit(client, endpoint, arguments, policy)
    try:
        async with asyncio.timeout(policy.timeout_s):
            async for status in handle.iter_events(interval=policy.interval):
                if on_status is not None:
                    await on_status(status)
            output = await handle.get(interval=policy.interval)
    except TimeoutError:
        with contextlib.suppress(FalClientError, httpx.HTTPError, TimeoutError):
            await asyncio.wait_for(handle.cancel(), timeout=10)
        reason = f"job {handle.request_id} took over {policy.timeout_s:g} s and was cancelled"
        raise ImagesUnavailable(provider=PROVIDER, reason=reason) from None
    except (FalClientError, httpx.HTTPError) as exc:
        raise from_fal_error(exc) from exc
    except (ValueError, KeyError) as exc:  # a status or result that is not fal's JSON
        reason = f"a malformed answer ({type(exc).__name__})"
        raise ImageOutputInvalid(provider=PROVIDER, reason=reason) from exc
    if not isinstance(output, dict):
        raise ImageOutputInvalid(provider=PROVIDER, reason="the answer is not a JSON object")
    return handle.request_id, output
