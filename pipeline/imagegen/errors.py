"""Errors of the scene image providers, on top of the shared ones in `core.errors`."""

from core.provider_errors import (
    ProviderAuthExpired,
    ProviderError,
    ProviderErrors,
    ProviderRateLimited,
    ProviderRejected,
    ProviderUnavailable,
)


class ImageGenFailed(ProviderError):
    """An image provider could not make a scene; with "fal,offline" the rest go offline."""

    key = "error-images-invalid"
    template = "{provider} could not make the scene images: {reason}"


class ImagesUnavailable(ImageGenFailed, ProviderUnavailable):
    """Rate limited, a 5xx, the queue unreachable or a timeout: worth trying again later."""

    key = "error-images-unavailable"
    template = "{provider} is unavailable: {reason}"
    transient = True


class ImagesRateLimited(ImagesUnavailable, ProviderRateLimited):
    """A 429 (after fal-client's own retries); `retry_after_s` is the wait fal asked for."""


class ImagesRejected(ImageGenFailed, ProviderRejected):
    """A bad or missing key, a refused request or a filtered picture: retrying will not help."""

    key = "error-images-rejected"
    template = "{provider} refused the request: {reason}"


class ImagesKeyRefused(ImagesRejected, ProviderAuthExpired):
    """The API key was refused (401, or fal's 403 for a key without access)."""


IMAGE_ERRORS: ProviderErrors[ImageGenFailed] = ProviderErrors(
    ImagesUnavailable, ImagesRateLimited, ImagesRejected, ImagesKeyRefused
)


class ImageOutputInvalid(ImageGenFailed):
    """The job finished but its answer holds no usable picture."""

    key = "error-images-invalid"
    template = "{provider} returned no usable picture: {reason}"


class ImagesOutcomeUnknown(ImageGenFailed):
    """The submit went out but no usable answer came back, and fal could not confirm that it
    refused the job: it may be running, and billed. Not sent again (that could pay twice)."""

    key = "error-images-outcome-unknown"
    template = (
        "{provider} may have accepted the picture request without answering ({reason}); it "
        "is not sent again, so it cannot be paid for twice"
    )
