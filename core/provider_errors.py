"""One family for the failures of every provider we call (writers, speech, cloning,
transcription, image generation and, next, publishers), and the one rule for which HTTP
status is worth another try.

Each engine keeps its own classes, so its Fluent keys and messages, and inherits the kind
from here: a job, a fallback chain or a publisher asks `error.transient` or
`isinstance(error, ProviderRateLimited)` whatever the engine.
"""

import email.utils
import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, ClassVar, Generic, TypeVar

from core.errors import DomainError

UNAUTHORIZED = 401
TOO_MANY_REQUESTS = 429
FIRST_SERVER_ERROR = 500
# 408 Request Timeout, 425 Too Early and 429 are "not now", never "not this request".
# 409 counts too: openai, elevenlabs and fal-client all retry it by themselves, because
# those APIs answer 409 for a lock or a concurrent request that clears by itself. A
# provider whose 409 means "this already exists" (a publisher's duplicate upload) must
# handle that before asking `is_transient`.
TRANSIENT_STATUSES = frozenset({408, 409, 425, TOO_MANY_REQUESTS})


def is_transient(status: int) -> bool:
    """True when waiting may fix the answer `status`: 408, 409, 425, 429 and every 5xx."""
    return status in TRANSIENT_STATUSES or status // 100 == FIRST_SERVER_ERROR // 100


def retry_after_s(headers: Mapping[str, str] | None) -> float | None:
    """The wait a provider asks for: `retry-after-ms` (OpenAI's), else `Retry-After` in
    seconds or as an HTTP date; None when there is none or it cannot be read."""
    lowered = {name.lower(): value for name, value in (headers or {}).items()}
    millis = _number(lowered.get("retry-after-ms"))
    if millis is not None:
        return millis / 1000
    value = lowered.get("retry-after", "").strip()
    seconds = _number(value)
    if seconds is not None or not value:
        return seconds
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None
    return max((when - datetime.now(UTC)).total_seconds(), 0.0)


def _number(value: str | None) -> float | None:
    try:
        number = float(value) if value is not None else math.nan
    except ValueError:
        return None
    return max(number, 0.0) if math.isfinite(number) else None


class ProviderError(DomainError):
    """A provider failed; the subclasses tell whether waiting can help."""

    key: ClassVar[str] = "error-provider-rejected"
    template: ClassVar[str] = "{provider} failed: {reason}"


class ProviderUnavailable(ProviderError):
    """Busy, a 5xx, a timeout or no connection: worth trying again later."""

    key = "error-provider-unavailable"
    template = "{provider} is unavailable: {reason}"
    transient = True


class ProviderRateLimited(ProviderUnavailable):
    """A 429: try again, after `retry_after_s` when the provider said how long."""

    key = "error-provider-rate-limited"
    template = "{provider} is rate limited: {reason}"

    @property
    def retry_after_s(self) -> float | None:
        value = self.params.get("retry_after_s")
        return None if value is None else float(value)


class ProviderRejected(ProviderError):
    """A refusal that the same request will meet again: a bad request, no permission, no
    credit left."""

    key = "error-provider-rejected"
    template = "{provider} refused the request: {reason}"


class ProviderAuthExpired(ProviderRejected):
    """The provider no longer accepts our credentials (a 401): a person has to renew them
    (a new API key, or signing in again for a publisher)."""

    key = "error-provider-auth-expired"
    template = "{provider} does not accept the credentials any more: {reason}"


E = TypeVar("E", bound=DomainError)  # the engine's own base class


@dataclass(frozen=True, slots=True)
class ProviderErrors(Generic[E]):
    """One engine's class for each kind; each must subclass the kind its field names."""

    unavailable: type[E]
    rate_limited: type[E]
    rejected: type[E]
    auth_expired: type[E]

    def __post_init__(self) -> None:
        kinds = {
            "unavailable": ProviderUnavailable,
            "rate_limited": ProviderRateLimited,
            "rejected": ProviderRejected,
            "auth_expired": ProviderAuthExpired,
        }
        for field, kind in kinds.items():
            if not issubclass(getattr(self, field), kind):
                raise TypeError(f"{field} must subclass {kind.__name__}")

    def for_status(
        self, status: int, headers: Mapping[str, str] | None = None, **params: Any
    ) -> E:
        """The error for an HTTP answer `status`; `params` fill the engine's message."""
        if status == TOO_MANY_REQUESTS:
            return self.rate_limited(retry_after_s=retry_after_s(headers), **params)
        if is_transient(status):
            return self.unavailable(**params)
        if status == UNAUTHORIZED:
            return self.auth_expired(**params)
        return self.rejected(**params)
