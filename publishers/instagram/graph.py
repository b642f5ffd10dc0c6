"""Authorized Graph and rupload calls: `send` for the transport retries (5xx, timeouts),
then the Graph envelope for the rest. A rejected token is refreshed once and the call sent
again (the platform did not act, so even the commit may be re-sent); throttling waits for
the platform's reset when that is short, else ends the try."""

import random
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

import aiohttp
import structlog

from publishers.base import Credentials, Sleep
from publishers.errors import PublishRateLimited, PublishUnavailable, QuotaExhausted, TokenRejected
from publishers.http import MAX_BACKOFF_S, MAX_INLINE_WAIT_S, SAFE_TRIES, Reply, bearer, send
from publishers.instagram.graph_errors import PROVIDER, graph_error, parse_failure

log = structlog.get_logger(__name__)

CLIENT_ERRORS = tuple(range(400, 500))


def oauth_header(token: str) -> dict[str, str]:
    """rupload's scheme: `Authorization: OAuth <token>`."""
    return {"Authorization": f"OAuth {token}"}


@dataclass(frozen=True, slots=True)
class Graph:
    http: aiohttp.ClientSession
    credentials: Credentials
    sleep: Sleep

    async def call(
        self,
        method: str,
        url: str,
        *,
        tries: int = SAFE_TRIES,
        auth: Callable[[str], dict[str, str]] = bearer,
        headers: dict[str, str] | None = None,
        answers: Collection[int] = (),
        **kwargs: Any,
    ) -> dict[str, Any]:
        """The JSON object of a 2xx answer; raises the error family otherwise. `tries=1`
        for the commit: nothing here sends it twice unless its token was refused. An error
        envelope whose Graph code is in `answers` is returned as the answer (an insight's
        #10 means "no data", not "no permission")."""
        token = await self.credentials.access_token()
        refreshed = False
        attempt = 0
        while True:
            attempt += 1
            reply = await send(
                self.http, method, url, provider=PROVIDER, sleep=self.sleep, tries=tries,
                accept=CLIENT_ERRORS, headers={**(headers or {}), **auth(token)}, **kwargs,
            )  # fmt: skip
            if reply.status < CLIENT_ERRORS[0]:
                return json_object(reply)
            if answers and _graph_code(reply) in answers:
                return json_object(reply)
            error = graph_error(reply)
            if isinstance(error, TokenRejected) and not refreshed:
                token = await self.credentials.refresh_after_rejection(token)
                refreshed = True
                attempt -= 1  # a refused token is not a try
                continue
            if isinstance(error, QuotaExhausted) or not error.transient or attempt >= tries:
                raise error
            wait = _backoff_s(error, attempt)
            if wait > MAX_INLINE_WAIT_S:
                raise error
            log.info("publish.graph_retry", provider=PROVIDER, attempt=attempt, wait_s=wait)
            await self.sleep(wait)


def json_object(reply: Reply) -> dict[str, Any]:
    try:
        body = reply.json()
    except ValueError:
        body = None
    if not isinstance(body, dict):
        raise PublishUnavailable(provider=PROVIDER, reason="the answer is not a JSON object")
    return body


def _graph_code(reply: Reply) -> int | None:
    try:
        failure = parse_failure(reply.json())
    except ValueError:
        return None
    return None if failure is None else failure.code


def _backoff_s(error: Exception, attempt: int) -> float:
    if isinstance(error, PublishRateLimited) and error.retry_after_s is not None:
        return error.retry_after_s
    return random.random() * min(2.0**attempt, MAX_BACKOFF_S)  # noqa: S311 (jitter)
