"""Google's answers as our error family (youtube.md 2.4). Google says what went wrong in
`error.errors[0].reason` (the Data API) or `error` (the OAuth endpoints), and the same status
means different things by reason: a 403 is a spent daily quota, a rate limit or a refusal.
"""

from datetime import datetime, time, timedelta
from typing import Any, NoReturn
from zoneinfo import ZoneInfo

from core.provider_errors import retry_after_s
from publishers.errors import (
    PUBLISH_ERRORS,
    PublishRateLimited,
    PublishRejected,
    QuotaExhausted,
    ReconnectRequired,
)
from publishers.http import Reply

PROVIDER = "YouTube"
# The daily quota resets at midnight Pacific time
# (developers.google.com/youtube/v3/getting-started).
QUOTA_ZONE = ZoneInfo("America/Los_Angeles")
RATE_REASONS = frozenset({"rateLimitExceeded", "userRateLimitExceeded"})
# The channel's own 24 h cap (porjo/youtubeuploader #212), not the project's quota.
CHANNEL_CAP = timedelta(hours=24)
FORBIDDEN = 403
BAD_REQUEST = 400
# Every status a caller sends with `accept=`: these need the reason to be understood.
NEEDS_REASON = (BAD_REQUEST, FORBIDDEN)


def reason_of(reply: Reply) -> str:
    try:
        body: Any = reply.json()
    except ValueError:
        return ""
    if not isinstance(body, dict):
        return ""
    error = body.get("error")
    if isinstance(error, str):  # the OAuth endpoints: {"error": "invalid_grant", ...}
        return error
    if isinstance(error, dict):
        errors = error.get("errors") or [{}]
        return str(errors[0].get("reason") or error.get("status") or "")
    return ""


def next_quota_reset(now: datetime) -> datetime:
    """The next midnight in Pacific time, as an aware datetime."""
    local_day = now.astimezone(QUOTA_ZONE).date() + timedelta(days=1)
    return datetime.combine(local_day, time(), QUOTA_ZONE)


def raise_for_reply(reply: Reply, *, now: datetime) -> NoReturn:
    """The error for a Data API answer that is not a success."""
    reason = reason_of(reply)
    text = f"HTTP {reply.status} {reason}".strip()
    if reply.status == FORBIDDEN and reason == "quotaExceeded":
        retry_at = next_quota_reset(now)
        wait = (retry_at - now).total_seconds()
        raise QuotaExhausted(provider=PROVIDER, reason=text, retry_at=retry_at, retry_after_s=wait)
    if reply.status == BAD_REQUEST and reason == "uploadLimitExceeded":
        retry_at = now + CHANNEL_CAP
        raise QuotaExhausted(
            provider=PROVIDER, reason=text, retry_at=retry_at,
            retry_after_s=CHANNEL_CAP.total_seconds(),
        )  # fmt: skip
    if reason in RATE_REASONS:
        raise PublishRateLimited(
            provider=PROVIDER, reason=text, retry_after_s=retry_after_s(reply.headers)
        )
    raise PUBLISH_ERRORS.for_status(reply.status, reply.headers, provider=PROVIDER, reason=text)


def raise_for_token_reply(reply: Reply, *, refreshing: bool) -> NoReturn:
    """The token endpoint's refusals: a dead refresh token means reconnecting; a bad client
    is our configuration, not the user's account."""
    reason = reason_of(reply)
    text = f"HTTP {reply.status} {reason}".strip()
    if refreshing and reason == "invalid_grant":
        raise ReconnectRequired(provider=PROVIDER, reason=text)
    raise PublishRejected(provider=PROVIDER, reason=text)
