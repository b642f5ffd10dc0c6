"""One fal queue job through the real fal-client: submit, poll with progress, fetch, cancel.

fal-client retries transport errors, 408/409/429 and nginx-style 502-504 by itself (up to
10 attempts) but never a 500 (fal.md §2). A failed submit is sent again only when fal
confirms it did not accept the first (pipeline.imagegen.submit), so a job is never paid
for twice. A job that outlives `timeout_s` is cancelled (one PUT) and reported as
unavailable.
"""

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import fal_client
import httpx
import structlog
from fal_client.client import FalClientError, FalClientHTTPError

from pipeline.imagegen.errors import ImageOutputInvalid, ImagesUnavailable
from pipeline.imagegen.queue_policy import PROVIDER, QueuePolicy, from_fal_error
from pipeline.imagegen.submit import NOT_FOUND, submit

__all__ = [
    "PROVIDER",
    "QueuePolicy",
    "StatusCallback",
    "from_fal_error",
    "run_job",
    "submit",
    "wait_for",
]

log = structlog.get_logger(__name__)

StatusCallback = Callable[[fal_client.Status], Awaitable[None]]


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
    return handle.request_id, await wait_for(handle, policy, on_status)


async def wait_for(
    handle: fal_client.AsyncRequestHandle,
    policy: QueuePolicy,
    on_status: StatusCallback | None = None,
    on_gone: Callable[[], None] | None = None,
) -> dict[str, Any]:
    """The output of an accepted job. `on_gone` is called when fal says the job will never
    bill: it failed, it was cancelled on timeout, or fal has no such request."""
    completed = False
    try:
        async with asyncio.timeout(policy.timeout_s):
            async for status in handle.iter_events(interval=policy.interval):
                if on_status is not None:
                    await on_status(status)
            completed = True
            output = await handle.get(interval=policy.interval)
    except TimeoutError:
        if await _cancelled(handle) and on_gone is not None:
            on_gone()
        reason = f"job {handle.request_id} took over {policy.timeout_s:g} s and was cancelled"
        raise ImagesUnavailable(provider=PROVIDER, reason=reason) from None
    except (FalClientError, httpx.HTTPError) as exc:
        failed = completed or getattr(exc, "status_code", None) == NOT_FOUND
        if failed and isinstance(exc, FalClientHTTPError) and on_gone is not None:
            on_gone()  # fal answered: the job failed (not billed) or never existed
        raise from_fal_error(exc) from exc
    except (ValueError, KeyError) as exc:  # a status or result that is not fal's JSON
        reason = f"a malformed answer ({type(exc).__name__})"
        raise ImageOutputInvalid(provider=PROVIDER, reason=reason) from exc
    if not isinstance(output, dict):
        raise ImageOutputInvalid(provider=PROVIDER, reason="the answer is not a JSON object")
    return output


async def _cancelled(handle: fal_client.AsyncRequestHandle) -> bool:
    """Cancel the job (one PUT); True when fal accepted the cancellation (a job already
    running or done cannot be cancelled, and is billed)."""
    try:
        await asyncio.wait_for(handle.cancel(), timeout=10)
    except (FalClientError, httpx.HTTPError, TimeoutError):
        return False
    return True
