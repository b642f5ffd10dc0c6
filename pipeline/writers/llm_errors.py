"""The LLM writer's errors, and how `openai` SDK errors map to them (never with the key)."""

from typing import ClassVar
from urllib.parse import urlsplit

import openai

from core.provider_errors import (
    ProviderAuthExpired,
    ProviderError,
    ProviderErrors,
    ProviderRateLimited,
    ProviderRejected,
    ProviderUnavailable,
)
from pipeline.writers.usage import WriterUsage

OPENAI_HOST = "api.openai.com"


class LLMWriterError(ProviderError):
    """A failure of the LLM writer; `spent` is what the failed call still cost."""

    # No dedicated Fluent message yet: the generic one says nothing was lost.
    key: ClassVar[str] = "error-internal"
    template: ClassVar[str] = "Script writer {provider} failed: {reason}"
    spent: WriterUsage | None = None


class WriterUnavailable(LLMWriterError, ProviderUnavailable):
    """Rate limit, 5xx, timeout or network: worth retrying later."""

    key = "error-writer-unavailable"
    template = "Script writer {provider} is unavailable: {reason}"
    transient = True


class WriterRateLimited(WriterUnavailable, ProviderRateLimited):
    """A 429 other than exhausted quota; `retry_after_s` is the wait the provider asked for."""


class WriterRejected(LLMWriterError, ProviderRejected):
    """Bad key, no permission, a rejected request or exhausted quota: retrying won't help."""

    key = "error-writer-rejected"
    template = "Script writer {provider} rejected the request: {reason}"


class WriterKeyRefused(WriterRejected, ProviderAuthExpired):
    """A 401: the API key is wrong or revoked."""


WRITER_ERRORS: ProviderErrors[LLMWriterError] = ProviderErrors(
    WriterUnavailable, WriterRateLimited, WriterRejected, WriterKeyRefused
)


class WriterAnswerInvalid(LLMWriterError):
    """The model's answer stayed unusable after the repair request."""

    key = "error-writer-answer-invalid"
    template = "Script writer {provider} gave no usable script: {reason}"


def needs_api_key(base_url: str) -> bool:
    """True for OpenAI itself; local OpenAI-compatible servers usually take any key."""
    host = urlsplit(base_url).hostname or ""
    return host == OPENAI_HOST or host.endswith("." + OPENAI_HOST)


def _status_reason(error: openai.APIStatusError) -> str:
    code = getattr(error, "code", None)
    return f"HTTP {error.status_code}" + (f" {code}" if code else "")


def map_error(error: openai.APIError, provider: str) -> LLMWriterError:
    """Our domain error for an `openai` error; messages never carry the key."""
    if isinstance(error, openai.APIConnectionError):  # APITimeoutError included
        timed_out = isinstance(error, openai.APITimeoutError)
        reason = "timed out" if timed_out else "connection failed"
        return WriterUnavailable(provider=provider, reason=reason)
    if not isinstance(error, openai.APIStatusError):
        return WriterRejected(provider=provider, reason=type(error).__name__)
    reason = _status_reason(error)
    if getattr(error, "code", None) == "insufficient_quota":  # a 429 retrying cannot fix
        return WriterRejected(provider=provider, reason=reason)
    headers = error.response.headers
    return WRITER_ERRORS.for_status(error.status_code, headers, provider=provider, reason=reason)
