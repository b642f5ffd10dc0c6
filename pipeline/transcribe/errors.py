"""Errors of the transcribers; provider trouble is transient or permanent, as elsewhere."""

from typing import ClassVar

from core.errors import DomainError
from core.provider_errors import (
    ProviderAuthExpired,
    ProviderErrors,
    ProviderRateLimited,
    ProviderRejected,
    ProviderUnavailable,
)


class TranscriptionError(DomainError):
    """A provider could not transcribe the audio."""

    key: ClassVar[str] = "error-transcription-failed"
    template: ClassVar[str] = "Transcription by {provider} failed: {reason}"


class TranscriptionUnavailable(TranscriptionError, ProviderUnavailable):
    """Rate limit, 5xx, timeout or network: worth retrying later."""

    key = "error-transcription-unavailable"
    template = "Transcription by {provider} is unavailable: {reason}"
    transient = True


class TranscriptionRateLimited(TranscriptionUnavailable, ProviderRateLimited):
    """A 429 other than exhausted quota; `retry_after_s` is the wait the provider asked for."""


class TranscriptionRejected(TranscriptionError, ProviderRejected):
    """Bad key, no permission, exhausted quota or a refused file: retrying won't help."""

    key = "error-transcription-rejected"
    template = "Transcription by {provider} was refused: {reason}"


class TranscriptionKeyRefused(TranscriptionRejected, ProviderAuthExpired):
    """A 401: the API key is wrong or revoked."""


TRANSCRIPTION_ERRORS: ProviderErrors[TranscriptionError] = ProviderErrors(
    TranscriptionUnavailable,
    TranscriptionRateLimited,
    TranscriptionRejected,
    TranscriptionKeyRefused,
)


class TranscriberMissing(TranscriptionError):
    """The offline model is not installed (or its files are damaged)."""

    key = "error-transcription-model-missing"
    template = "The speech recognition model is not available: {reason}"
