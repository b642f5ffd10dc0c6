"""ElevenLabs' failures as domain errors, and how the SDK's `ApiError` maps to them."""

from typing import Any

from elevenlabs.core.api_error import ApiError

from core.provider_errors import (
    ProviderAuthExpired,
    ProviderErrors,
    ProviderRateLimited,
    ProviderRejected,
    ProviderUnavailable,
)
from pipeline.speech.errors import SynthesisFailed

# A 401 that is not about the key: the credits ran out (elevenlabs.md §6).
_QUOTA_CODES = frozenset({"quota_exceeded"})


class ElevenLabsUnavailable(SynthesisFailed, ProviderUnavailable):
    """Busy, rate limited, a 5xx or a timeout: worth trying again later."""

    key = "error-tts-unavailable"
    template = "ElevenLabs is unavailable: {reason}"
    transient = True


class ElevenLabsRateLimited(ElevenLabsUnavailable, ProviderRateLimited):
    """Busy or too many requests at once (429); `retry_after_s` is the wait asked for."""


class ElevenLabsRejected(SynthesisFailed, ProviderRejected):
    """A bad or missing key, exhausted credits, a bad request: retrying will not help."""

    key = "error-tts-rejected"
    template = "ElevenLabs refused the request: {reason}"


class ElevenLabsKeyRefused(ElevenLabsRejected, ProviderAuthExpired):
    """A 401 about the key: wrong or revoked."""


_KINDS: ProviderErrors[SynthesisFailed] = ProviderErrors(
    ElevenLabsUnavailable, ElevenLabsRateLimited, ElevenLabsRejected, ElevenLabsKeyRefused
)


class ElevenLabsAnswerUnusable(SynthesisFailed):
    """ElevenLabs answered (and charged) but the audio is unusable: silent, cut off or
    unreadable. Not retried by the job: asking again would be paid again."""

    key = "error-tts-answer-unusable"
    template = "ElevenLabs answered, but the audio is unusable: {reason}"


class CharacterQuotaExceeded(SynthesisFailed):
    """The subscription has fewer characters left than the text needs."""

    key = "error-tts-quota"
    template = (
        "ElevenLabs needs {needed} characters for this text but the subscription has only "
        "{left} left this period."
    )


def from_api_error(exc: ApiError) -> SynthesisFailed:
    """The domain error for an SDK `ApiError` (the key never appears in it)."""
    status = exc.status_code or 0
    detail: Any = exc.body.get("detail") if isinstance(exc.body, dict) else None
    code = detail.get("status", "") if isinstance(detail, dict) else ""
    reason = f"HTTP {status} {code}".strip()
    if code in _QUOTA_CODES:
        return ElevenLabsRejected(engine="elevenlabs", reason=reason)
    return _KINDS.for_status(status, exc.headers, engine="elevenlabs", reason=reason)
