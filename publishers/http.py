"""One way every publisher talks HTTP: statuses mapped to the error family, and the retry
policy for safe calls (oauth-and-publishing-rules.md, 1): full-jitter exponential backoff,
a platform's reset time honoured. A commit call goes through `send(..., tries=1)`: never
retried here, whatever happens.
"""

import json
import random
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any

import aiohttp
import structlog

from core.errors import DomainError
from publishers.base import Credentials, Sleep
from publishers.errors import (
    PUBLISH_ERRORS,
    PublishRateLimited,
    PublishUnavailable,
    TokenRejected,
)

log = structlog.get_logger(__name__)

SAFE_TRIES = 6
MAX_BACKOFF_S = 30.0
# A wait longer than this ends the try: the job is deferred instead of holding an io slot.
MAX_INLINE_WAIT_S = 60.0
FIRST_NOT_OK = 300


@dataclass(frozen=True, slots=True)
class Reply:
    status: int
    headers: Mapping[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


async def send(
    http: aiohttp.ClientSession,
    method: str,
    url: str,
    *,
    provider: str,
    sleep: Sleep,
    tries: int = SAFE_TRIES,
    accept: Collection[int] = (),
    **kwargs: Any,
) -> Reply:
    """One request, retried up to `tries` times while the answer is transient. Statuses below
    300 and those in `accept` come back as a Reply; any other raises from PUBLISH_ERRORS.
    `kwargs` go to aiohttp (data, json, headers, params); `data` must be re-sendable."""
    for attempt in range(1, tries + 1):
        try:
            reply = await _once(http, method, url, **kwargs)
        except (aiohttp.ClientError, TimeoutError) as error:
            failure: DomainError = PublishUnavailable(provider=provider, reason=repr(error))
        else:
            if reply.status < FIRST_NOT_OK or reply.status in accept:
                return reply
            failure = PUBLISH_ERRORS.for_status(
                reply.status, reply.headers, provider=provider, reason=_reason(reply)
            )
        if not failure.transient or attempt == tries:
            raise failure
        wait = _backoff_s(failure, attempt)
        if wait > MAX_INLINE_WAIT_S:
            raise failure
        log.info("publish.http_retry", provider=provider, attempt=attempt, wait_s=round(wait, 2))
        await sleep(wait)
    raise AssertionError("unreachable")  # the loop always returns or raises


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def send_authorized(
    http: aiohttp.ClientSession,
    method: str,
    url: str,
    *,
    credentials: Credentials,
    provider: str,
    sleep: Sleep,
    auth: Callable[[str], dict[str, str]] = bearer,
    headers: Mapping[str, str] | None = None,
    **kwargs: Any,
) -> Reply:
    """`send` with the account's token in the headers (`auth` builds them). A 401 is a
    definite no (the platform did not act), so it is sent once more with a refreshed token,
    even for a commit call; a second 401 propagates."""
    token = await credentials.access_token()
    try:
        return await send(
            http, method, url, provider=provider, sleep=sleep,
            headers={**(headers or {}), **auth(token)}, **kwargs,
        )  # fmt: skip
    except TokenRejected:
        token = await credentials.refresh_after_rejection(token)
    return await send(
        http, method, url, provider=provider, sleep=sleep,
        headers={**(headers or {}), **auth(token)}, **kwargs,
    )  # fmt: skip


async def _once(http: aiohttp.ClientSession, method: str, url: str, **kwargs: Any) -> Reply:
    async with http.request(method, url, **kwargs) as response:
        body = await response.read()
        return Reply(response.status, dict(response.headers), body)


def _backoff_s(failure: DomainError, attempt: int) -> float:
    if isinstance(failure, PublishRateLimited) and failure.retry_after_s is not None:
        return failure.retry_after_s
    return random.random() * min(2.0**attempt, MAX_BACKOFF_S)  # noqa: S311 (jitter, not crypto)


def _reason(reply: Reply) -> str:
    text = reply.body[:300].decode("utf-8", "replace")
    return f"HTTP {reply.status}: {text}"
