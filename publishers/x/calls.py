"""X's answers mapped to the error family, on top of publishers/http.py.

X does not send Retry-After: a 429 carries `x-rate-limit-reset` (epoch seconds) for the
15-minute window, and the 24-hour caps add `x-user-limit-24hour-*` / `x-app-limit-24hour-*`
(x.md, 5). A cap, or a `usage-capped` problem, is a quota (QuotaExhausted, retried at the
reset); a window is a rate limit (PublishRateLimited with the seconds to the reset). Bodies
are problem+json (`title`, `detail`, `type`) or carry an `errors` array.
"""

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

import aiohttp

from core.provider_errors import TOO_MANY_REQUESTS, retry_after_s
from publishers.base import Credentials, Sleep
from publishers.errors import (
    PublishRateLimited,
    PublishRejected,
    QuotaExhausted,
    ReconnectRequired,
)
from publishers.http import MAX_INLINE_WAIT_S, SAFE_TRIES, Reply, send_authorized

PROVIDER = "X"
FORBIDDEN = 403
RATE_LIMIT_TRIES = 3
DAY_S = 86_400
Clock = Callable[[], float]


async def call(
    http: aiohttp.ClientSession,
    method: str,
    url: str,
    *,
    credentials: Credentials,
    sleep: Sleep,
    clock: Clock,
    tries: int = SAFE_TRIES,
    **kwargs: Any,
) -> Reply:
    """One authorized request to X. Safe calls (`tries` > 1) wait out a short rate-limit
    window and go again; a commit (`tries=1`) never does: its 429 is raised for the runner."""
    for attempt in range(1, RATE_LIMIT_TRIES + 1):
        reply = await send_authorized(
            http, method, url, credentials=credentials, provider=PROVIDER, sleep=sleep,
            tries=tries, accept=(FORBIDDEN, TOO_MANY_REQUESTS), **kwargs,
        )  # fmt: skip
        if reply.status < FORBIDDEN:
            return reply
        error = refusal(reply, now=clock())
        wait = error.retry_after_s if isinstance(error, PublishRateLimited) else None
        retry = tries > 1 and attempt < RATE_LIMIT_TRIES and not isinstance(error, QuotaExhausted)
        if not retry or wait is None or wait > MAX_INLINE_WAIT_S:
            raise error
        await sleep(wait)
    raise AssertionError("unreachable")  # the loop always returns or raises


def refusal(
    reply: Reply, *, now: float
) -> PublishRateLimited | PublishRejected | ReconnectRequired:
    """The error for a 403 or a 429 answer from X."""
    reason = describe(reply)
    if reply.status != TOO_MANY_REQUESTS:
        # Postiz maps this to a reconnect: the token is not a user-context token any more.
        if "unsupported authentication" in reason.lower():
            return ReconnectRequired(provider=PROVIDER, reason=reason)
        return PublishRejected(provider=PROVIDER, reason=reason)
    headers = {name.lower(): value for name, value in reply.headers.items()}
    if _is_cap(reply, headers):
        reset = _first_epoch(
            headers, "x-user-limit-24hour-reset", "x-app-limit-24hour-reset", "x-rate-limit-reset"
        )
        at = reset if reset is not None else now + DAY_S
        return QuotaExhausted(
            provider=PROVIDER, reason=reason, retry_after_s=max(at - now, 0.0),
            retry_at=datetime.fromtimestamp(at, UTC),
        )  # fmt: skip
    wait = retry_after_s(headers)
    reset = _first_epoch(headers, "x-rate-limit-reset")
    if wait is None and reset is not None:
        wait = max(reset - now, 0.0)
    return PublishRateLimited(provider=PROVIDER, reason=reason, retry_after_s=wait)


def describe(reply: Reply) -> str:
    """`HTTP 403: Forbidden: You are not allowed ...` from either body shape X uses."""
    body = _json_or_none(reply)
    parts: list[str] = []
    if isinstance(body, dict):
        parts += [str(body[key]) for key in ("title", "detail") if body.get(key)]
        errors = body.get("errors")
        if isinstance(errors, list):
            parts += [str(item.get("message")) for item in errors if isinstance(item, dict)]
    if not parts:
        parts = [reply.body[:200].decode("utf-8", "replace")]
    return f"HTTP {reply.status}: " + ": ".join(part for part in parts if part)


def problem_type(reply: Reply) -> str:
    body = _json_or_none(reply)
    return str(body.get("type", "")) if isinstance(body, dict) else ""


def _is_cap(reply: Reply, headers: Mapping[str, str]) -> bool:
    if "usage-capped" in problem_type(reply) or "UsageCapExceeded" in describe(reply):
        return True
    return "0" in (
        headers.get("x-user-limit-24hour-remaining"),
        headers.get("x-app-limit-24hour-remaining"),
    )


def _first_epoch(headers: Mapping[str, str], *names: str) -> float | None:
    for name in names:
        value = headers.get(name, "").strip()
        if value.isdigit():
            return float(value)
    return None


def _json_or_none(reply: Reply) -> Any:
    try:
        return reply.json()
    except ValueError:
        return None
