"""Errors of the transcribers; provider trouble is transient or permanent, as elsewhere."""

from typing import ClassVar

from core.errors import DomainError


class TranscriptionError(DomainError):
    """A provider could not transcribe the audio."""

    key: ClassVar[str] = "error-transcription-failed"
    template: ClassVar[str] = "Transcription by {provider} failed: {reason}"


class TranscriptionUnavailable(TranscriptionError):
    """Rate limit, 5xx, timeout or network: worth retrying later."""

    key = "error-transcription-unavailable"
    template = "Transcription by {provider} is unavailable: {reason}"
    transient = True


class TranscriptionRejected(TranscriptionError):
    """Bad key, no permission, exhausted quota or a refused file: retrying won't help."""

    key = "error-transcription-rejected"
    template = "Transcription by {provider} was refused: {reason}"


class TranscriberMissing(TranscriptionError):
    """The offline model is not installed (or its files are damaged)."""

    key = "error-transcription-model-missing"
    template = "The speech recognition model is not available: {reason}"
