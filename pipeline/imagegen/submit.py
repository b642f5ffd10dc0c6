"""Submitting one fal queue job without ever paying for it twice.

fal's queue has no client-chosen request id or idempotency header (fal-client 1.0.3 sends
only the runner-hint, priority and start-timeout headers, fal.md §2), but it can be asked
about a request by its id. So a failed submit is sent again only when fal confirms that the
first one was not accepted:

- A 5xx carrying `x-fal-request-id` came from fal's queue and names the request. Its
  status is looked up by that id: found, the job was accepted after all and is used as if
  the submit had answered; "not found" (404), it was not, and it is submitted again (at
  most `policy.submit_attempts` times in all); any other answer leaves the outcome unknown.
- An nginx 502-504 without a request id is fal's ingress, which never reached the queue
  (fal-client itself resubmits those, up to 10 times): unavailable, transient.
- A connection that could not be opened sent nothing: unavailable, transient.
- Anything else (a 5xx without request id; the request went out but the connection broke
  or timed out) may have left a job running: `ImagesOutcomeUnknown`, permanent, not resent.
"""

import asyncio
from typing import Any

import fal_client
import httpx
import structlog
from fal_client.client import FalClientHTTPError

from core.provider_errors import FIRST_SERVER_ERROR
from pipeline.imagegen.errors import ImageGenFailed, ImagesOutcomeUnknown, ImagesUnavailable
from pipeline.imagegen.queue_policy import PROVIDER, QueuePolicy, from_fal_error

log = structlog.get_logger(__name__)

REQUEST_ID_HEADER = "x-fal-request-id"
INGRESS_STATUSES = frozenset({502, 503, 504})
NOT_FOUND = 404
# Failures that happen before a byte of the request leaves: nothing can have been accepted.
NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


async def submit(
    client: fal_client.AsyncClient,
    endpoint: str,
    arguments: dict[str, Any],
    policy: QueuePolicy,
) -> fal_client.AsyncRequestHandle:
    """Submit the job; see the module's rules for a failed submit.

    Raises:
        ImagesRejected: a 4xx (a bad key, a refused input).
        ImagesUnavailable: fal refused or never received it; nothing to pay for.
        ImagesOutcomeUnknown: it may have been accepted; it is not sent again.
    """
    for attempt in range(1, policy.submit_attempts + 1):
        try:
            return await client.submit(endpoint, arguments)
        except FalClientHTTPError as exc:
            if exc.status_code < FIRST_SERVER_ERROR:
                raise from_fal_error(exc) from exc
            accepted = await _accepted(client, endpoint, exc)
            if accepted is not None:
                log.warning("fal.submit_accepted", endpoint=endpoint,
                            request_id=accepted.request_id, status=exc.status_code)  # fmt: skip
                return accepted
            refused: ImageGenFailed = ImagesUnavailable(
                provider=PROVIDER, reason=f"HTTP {exc.status_code}; fal did not accept the job"
            )
        except NOT_SENT as exc:
            raise ImagesUnavailable(provider=PROVIDER, reason=type(exc).__name__) from exc
        except httpx.TransportError as exc:  # sent, and no answer came back
            reason = f"{type(exc).__name__} after the request was sent"
            raise ImagesOutcomeUnknown(provider=PROVIDER, reason=reason) from exc
        if attempt == policy.submit_attempts:
            raise refused
        log.warning("fal.submit_retry", endpoint=endpoint, attempt=attempt, reason=str(refused))
        await asyncio.sleep(policy.retry_delay * 2 ** (attempt - 1))
    raise AssertionError("unreachable: the last attempt returns or raises")  # pragma: no cover


async def _accepted(
    client: fal_client.AsyncClient, endpoint: str, exc: FalClientHTTPError
) -> fal_client.AsyncRequestHandle | None:
    """The job the failed submit created anyway, or None when fal confirms there is none."""
    status = exc.status_code
    request_id = exc.response_headers.get(REQUEST_ID_HEADER)
    if not request_id:
        if status in INGRESS_STATUSES and "nginx" in exc.response.text:
            reason = f"fal's gateway answered HTTP {status}"
            raise ImagesUnavailable(provider=PROVIDER, reason=reason) from exc
        reason = f"HTTP {status} without a request id"
        raise ImagesOutcomeUnknown(provider=PROVIDER, reason=reason) from exc
    handle = await client.get_handle(endpoint, request_id)
    try:
        await handle.status()
    except FalClientHTTPError as lookup:
        if lookup.status_code == NOT_FOUND:
            return None
        reason = f"HTTP {status}, then HTTP {lookup.status_code} asking about {request_id}"
        raise ImagesOutcomeUnknown(provider=PROVIDER, reason=reason) from lookup
    except (httpx.HTTPError, ValueError, KeyError) as lookup:
        reason = f"HTTP {status}, then {type(lookup).__name__} asking about {request_id}"
        raise ImagesOutcomeUnknown(provider=PROVIDER, reason=reason) from lookup
    return handle
