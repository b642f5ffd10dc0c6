"""Graph API error envelopes mapped to the publishers' error family (instagram.md §5).

The envelope decides, not the HTTP status: Meta sends a 400 for an expired token and for a
throttled call alike, and a 401 "User is performing too many actions" is throttling, which
a refresh cannot fix (refreshing on it loops).
"""

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from core.errors import DomainError
from core.provider_errors import retry_after_s
from publishers.errors import (
    PUBLISH_ERRORS,
    PublishRateLimited,
    PublishRejected,
    PublishUnavailable,
    QuotaExhausted,
    ReconnectRequired,
    TokenRejected,
)
from publishers.http import Reply

PROVIDER = "Instagram"
TOKEN_INVALID = 190
# 458 app removed, 459 checkpoint, 460 password changed, 464 unconfirmed user, 467 invalid:
# only the account's owner can fix these. 463 (expired) and none: refresh once.
RECONNECT_SUBCODES = frozenset({458, 459, 460, 464, 467})
THROTTLE_CODES = frozenset({4, 17, 32, 613})
TRANSIENT_CODES = frozenset({1, 2})
PERMISSION_CODES = frozenset({10, *range(200, 300)})
PUBLISH_LIMIT_CODE = 9
PUBLISH_LIMIT_SUBCODE = 2207042
NOT_READY_CODE = 9007
# The platform failed, not the request: download timeout, media fetch failed, "could not
# upload, retry", container expired.
RETRYABLE_SUBCODES = frozenset({2207003, 2207020, 2207052, 2207077, 2207082})
NOT_READY_WAIT_S = 10.0
QUOTA_WINDOW = timedelta(hours=24)


@dataclass(frozen=True, slots=True)
class GraphFailure:
    code: int
    subcode: int | None
    message: str
    trace_id: str | None

    @property
    def reason(self) -> str:
        return f"#{self.code}/{self.subcode} {self.message} (fbtrace_id {self.trace_id})"


def parse_failure(body: Any) -> GraphFailure | None:
    """The Graph envelope, or api.instagram.com's own {"error_type", "error_message"}."""
    if not isinstance(body, dict):
        return None
    error = body.get("error")
    if isinstance(error, dict) and isinstance(error.get("code"), int):
        subcode = error.get("error_subcode")
        return GraphFailure(
            error["code"],
            subcode if isinstance(subcode, int) else None,
            str(error.get("message") or error.get("error_user_msg", "")),
            error.get("fbtrace_id"),
        )
    if "error_message" in body:
        code = body.get("code")
        return GraphFailure(code if isinstance(code, int) else 400, None,
                            str(body["error_message"]), None)  # fmt: skip
    return None


def graph_error(reply: Reply) -> DomainError:
    """The error for a non-2xx answer."""
    try:
        failure = parse_failure(reply.json())
    except ValueError:
        failure = None
    if failure is None:
        text = reply.body[:300].decode("utf-8", "replace")
        return PUBLISH_ERRORS.for_status(
            reply.status, reply.headers, provider=PROVIDER, reason=f"HTTP {reply.status}: {text}"
        )
    return failure_error(failure, reply.headers)


# The first rule that matches names the kind; none: a definite, final no.
RULES: tuple[tuple[Callable[[GraphFailure], bool], type[DomainError]], ...] = (
    (lambda f: f.code in THROTTLE_CODES or "too many actions" in f.message.lower(),
     PublishRateLimited),
    (lambda f: f.code == TOKEN_INVALID and f.subcode in RECONNECT_SUBCODES, ReconnectRequired),
    (lambda f: f.code == TOKEN_INVALID, TokenRejected),
    (lambda f: f.code in PERMISSION_CODES, ReconnectRequired),
    (lambda f: f.code == PUBLISH_LIMIT_CODE or f.subcode == PUBLISH_LIMIT_SUBCODE, QuotaExhausted),
    (lambda f: f.code in TRANSIENT_CODES or f.subcode in RETRYABLE_SUBCODES, PublishUnavailable),
    # The container is still processing: the platform did nothing, ask again shortly.
    (lambda f: f.code == NOT_READY_CODE, PublishRateLimited),
)  # fmt: skip


def failure_kind(failure: GraphFailure) -> type[DomainError]:
    return next((kind for test, kind in RULES if test(failure)), PublishRejected)


def failure_error(failure: GraphFailure, headers: Mapping[str, str]) -> DomainError:
    kind = failure_kind(failure)
    params: dict[str, Any] = {"provider": PROVIDER, "reason": failure.reason}
    if kind is QuotaExhausted:
        # A conservative retry_at: every post now in the window has left it by then.
        params["retry_at"] = datetime.now(UTC) + QUOTA_WINDOW
    elif kind is PublishRateLimited:
        not_ready = failure.code == NOT_READY_CODE
        params["retry_after_s"] = NOT_READY_WAIT_S if not_ready else regain_access_s(headers)
    return kind(**params)


def regain_access_s(headers: Mapping[str, str]) -> float | None:
    """The longest `estimated_time_to_regain_access` (minutes) in the usage header, else a
    Retry-After; None when neither says."""
    lowered = {name.lower(): value for name, value in headers.items()}
    try:
        usage = json.loads(lowered.get("x-business-use-case-usage", "{}"))
    except ValueError:
        usage = {}
    entries = [
        entry
        for rows in (usage.values() if isinstance(usage, dict) else ())
        for entry in (rows if isinstance(rows, list) else ())
        if isinstance(entry, dict)
    ]
    waits = (float(entry.get("estimated_time_to_regain_access") or 0) for entry in entries)
    minutes = max(waits, default=0.0)
    return minutes * 60 if minutes > 0 else retry_after_s(headers)
