"""Errors of cloud voice cloning, and the mapping from the `elevenlabs` SDK's failures.

ElevenLabs answers `{"detail": {"status": "<code>", "message": ...}}`; the code, not the
HTTP status, tells a bad key from exhausted credits (both are 401).
"""

from typing import Any

import httpx
from elevenlabs.core.api_error import ApiError

from core.provider_errors import (
    ProviderAuthExpired,
    ProviderError,
    ProviderErrors,
    ProviderRateLimited,
    ProviderRejected,
    ProviderUnavailable,
    is_transient,
)

_NOT_FOUND = 404


class CloningFailed(ProviderError):
    """Base of the cloning errors: permanent unless a subclass says otherwise."""

    key = "error-clone-rejected"
    template = "ElevenLabs refused the request: {reason}"


class CloningRejected(CloningFailed, ProviderRejected):
    """A refusal the same request meets again (a bad request, a plan's limit)."""


class CloningUnavailable(CloningFailed, ProviderUnavailable):
    """Busy, rate limited, a 5xx, a timeout or no connection: try again later."""

    key = "error-clone-unavailable"
    template = "ElevenLabs is unavailable: {reason}. Nothing was lost; try again later."
    transient = True


class CloningRateLimited(CloningUnavailable, ProviderRateLimited):
    """A 429; `retry_after_s` is the wait ElevenLabs asked for."""


class CloningKeyInvalid(CloningRejected, ProviderAuthExpired):
    key = "error-clone-bad-key"
    template = "ElevenLabs does not accept the configured API key ({reason})."


class CloningQuotaExceeded(CloningRejected):
    key = "error-clone-quota"
    template = "The ElevenLabs subscription has run out of credits ({reason})."


class CloningNotAllowed(CloningRejected):
    key = "error-clone-not-allowed"
    template = "The ElevenLabs subscription does not include instant voice cloning ({reason})."


class VoiceLimitReached(CloningRejected):
    key = "error-clone-voice-limit"
    template = "The ElevenLabs account has no free voice slots left ({reason})."


class CloneNeedsVerification(CloningFailed):
    """The samples match a protected voice; the clone was removed again."""

    key = "error-clone-verification"
    template = "ElevenLabs will not clone these recordings without a verification."


class CloneMissing(CloningFailed):
    """The provider no longer has the clone (deleted in its web app, for instance)."""

    key = "error-clone-missing"
    template = "ElevenLabs no longer has the voice {voice}."


class CloningNotConfigured(CloningFailed):
    """A cloud voice while this server has no ElevenLabs key: the row is kept."""

    key = "error-clone-not-configured"
    template = "ElevenLabs is not configured on this server; the cloud voice was left as it is."


_KINDS: ProviderErrors[CloningFailed] = ProviderErrors(
    CloningUnavailable, CloningRateLimited, CloningRejected, CloningKeyInvalid
)
_BY_CODE: dict[str, type[CloningFailed]] = {
    "invalid_api_key": CloningKeyInvalid,
    "quota_exceeded": CloningQuotaExceeded,
    "voice_limit_reached": VoiceLimitReached,
    "can_not_use_instant_voice_cloning": CloningNotAllowed,
}


def error_code(exc: ApiError) -> str:
    """`detail.status` of an ElevenLabs error body, or ""."""
    detail: Any = exc.body.get("detail") if isinstance(exc.body, dict) else None
    return str(detail.get("status", "")) if isinstance(detail, dict) else ""


def is_not_found(exc: ApiError) -> bool:
    return exc.status_code == _NOT_FOUND or error_code(exc) == "voice_not_found"


def from_api_error(exc: ApiError) -> CloningFailed:
    """The domain error for an SDK `ApiError`: transient as `is_transient` says, else by
    ElevenLabs' error code, else by the status."""
    status = exc.status_code or 0
    code = error_code(exc)
    reason = f"HTTP {status} {code}".strip()
    if is_transient(status) or code not in _BY_CODE:
        return _KINDS.for_status(status, exc.headers, reason=reason)
    return _BY_CODE[code](reason=reason)


def from_transport_error(exc: httpx.TransportError) -> CloningUnavailable:
    """A timeout or a failed connection: the request may not have reached ElevenLabs."""
    reason = "timed out" if isinstance(exc, httpx.TimeoutException) else type(exc).__name__
    return CloningUnavailable(reason=reason)
