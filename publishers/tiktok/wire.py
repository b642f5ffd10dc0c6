"""TikTok's v2 envelope and its error codes mapped to the publishers' error family.

Every v2 answer is `{"data": {...}, "error": {"code", "message", "log_id"}}` and success is
`error.code == "ok"`, not just a 2xx (tiktok.md, 6). 4xx answers are read here rather than
by publishers.http, because TikTok's 429 has no reset header (the generic retry would come
back within seconds, inside the 1-minute sliding window) and a 401 can mean a missing scope
(reconnect) as well as a stale token (refresh once).
"""

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import aiohttp

from publishers.base import Credentials, Sleep
from publishers.errors import (
    PublishRejected,
    PublishUnavailable,
    QuotaExhausted,
    ReconnectRequired,
    TokenRejected,
)
from publishers.http import SAFE_TRIES, Reply, bearer, send

PROVIDER = "TikTok"
JSON_TYPE = "application/json; charset=UTF-8"
CLIENT_ERRORS = range(400, 500)  # answered by TikTok's envelope; 5xx stay with send's retries
ACCESS_TOKEN_INVALID = "access_token_invalid"  # noqa: S105 (an error code)
RECONNECT_CODES = frozenset({"scope_not_authorized", "scope_permission_missed"})
# No reset header anywhere (tiktok.md, 5): how long each limit is waited out.
# rate_limit_exceeded: the 1-minute sliding window. Pending shares clear when an upload
# completes or its upload_url (valid ~1 h) expires. The daily post cap and the unaudited
# client's user cap are 24 h windows whose start TikTok does not tell.
QUOTA_WAITS = {
    "rate_limit_exceeded": timedelta(seconds=60),
    "spam_risk_too_many_pending_share": timedelta(hours=1),
    "spam_risk_too_many_posts": timedelta(hours=24),
    "reached_active_user_cap": timedelta(hours=24),
}

Clock = Callable[[], datetime]


@dataclass(frozen=True, slots=True)
class ApiError:
    status: int
    code: str
    message: str
    log_id: str


def read_envelope(reply: Reply) -> tuple[dict[str, Any], ApiError | None]:
    """`data` and the error (None when `code` is "ok")."""
    try:
        body = reply.json()
    except ValueError:
        body = None
    if not isinstance(body, dict):
        text = reply.body[:200].decode("utf-8", "replace")
        return {}, ApiError(reply.status, "malformed_response", text, "")
    error = body.get("error") or {}
    data = body.get("data") or {}
    code = str(error.get("code", "ok"))
    if code == "ok" and reply.status < CLIENT_ERRORS.start:
        return data, None
    return data, ApiError(
        reply.status, code, str(error.get("message", "")), str(error.get("log_id", ""))
    )


def to_publish_error(error: ApiError, now: datetime) -> Exception:
    """The error family member for a TikTok error code."""
    reason = f"HTTP {error.status} {error.code}: {error.message} (log_id {error.log_id})"
    wait = QUOTA_WAITS.get(error.code)
    if wait is None and error.status == 429:  # noqa: PLR2004 (HTTP Too Many Requests)
        wait = QUOTA_WAITS["rate_limit_exceeded"]
    if wait is not None:
        return QuotaExhausted(
            provider=PROVIDER, reason=reason, retry_at=now + wait,
            retry_after_s=wait.total_seconds(),
        )  # fmt: skip
    if error.code in RECONNECT_CODES:
        return ReconnectRequired(provider=PROVIDER, reason=reason)
    if error.code == ACCESS_TOKEN_INVALID:
        return TokenRejected(provider=PROVIDER, reason=reason)
    if error.code == "malformed_response":
        return PublishUnavailable(provider=PROVIDER, reason=reason)
    return PublishRejected(provider=PROVIDER, reason=reason)


async def call_api(
    http: aiohttp.ClientSession,
    url: str,
    *,
    credentials: Credentials,
    sleep: Sleep,
    clock: Clock,
    body: dict[str, Any] | None = None,
    tries: int = SAFE_TRIES,
) -> dict[str, Any]:
    """POST a JSON call with the account's token; `data` of a successful answer. An
    `access_token_invalid` is answered by one refresh and one more try (a definite no: the
    platform did not act, so even a commit may be sent again)."""
    token = await credentials.access_token()
    payload = b"" if body is None else json.dumps(body).encode()
    for refreshed in (False, True):
        reply = await send(
            http, "POST", url, provider=PROVIDER, sleep=sleep, tries=tries,
            accept=CLIENT_ERRORS, data=payload,
            headers={**bearer(token), "Content-Type": JSON_TYPE},
        )  # fmt: skip
        data, error = read_envelope(reply)
        if error is None:
            return data
        if error.code == ACCESS_TOKEN_INVALID and not refreshed:
            token = await credentials.refresh_after_rejection(token)
            continue
        raise to_publish_error(error, clock())
    raise AssertionError("unreachable")  # the second pass returns or raises
