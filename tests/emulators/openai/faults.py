"""OpenAI's faults with the real codes, messages and headers (see openai.md §1)."""

from __future__ import annotations

from .common import Fault, FaultPlan

SERVER_MESSAGES = {
    500: "The server had an error while processing your request. Sorry about that!",
    502: "Bad gateway.",
    503: "The engine is currently overloaded, please try again later.",
}


def rate_limit_headers(retry_after: float) -> dict[str, str]:
    return {
        "retry-after": f"{retry_after:g}",
        "x-ratelimit-limit-requests": "500",
        "x-ratelimit-remaining-requests": "0",
        "x-ratelimit-reset-requests": f"{retry_after:g}s",
        "x-ratelimit-limit-tokens": "200000",
        "x-ratelimit-remaining-tokens": "0",
        "x-ratelimit-reset-tokens": f"{retry_after:g}s",
    }


class OpenAIFaults(FaultPlan):
    """Route names: chat, transcriptions, speech, images, models, model, files; "*" = any."""

    def unauthorized(self, route: str, *, times: int = 1) -> Fault:
        return self.error(
            route,
            401,
            code="invalid_api_key",
            times=times,
            name="unauthorized",
            message="Incorrect API key provided: sk-te***. You can find your API key at "
            "https://platform.openai.com/account/api-keys.",
        )

    def rate_limited(self, route: str, *, retry_after: float = 0.2, times: int = 1) -> Fault:
        """429 `rate_limit_exceeded` with `retry-after` (the client retries by itself)."""
        return self.error(
            route,
            429,
            code="rate_limit_exceeded",
            times=times,
            name="rate_limited",
            message="Rate limit reached for requests. Please try again later.",
            headers=rate_limit_headers(retry_after),
        )

    def insufficient_quota(self, route: str, *, times: int = 1) -> Fault:
        """429 `insufficient_quota`: retried by the client, never by our code."""
        return self.error(
            route,
            429,
            code="insufficient_quota",
            times=times,
            name="insufficient_quota",
            message="You exceeded your current quota, please check your plan and billing details.",
        )

    def server_error(self, route: str, status: int = 500, *, times: int = 1) -> Fault:
        return self.error(
            route,
            status,
            times=times,
            name=f"server_error {status}",
            message=SERVER_MESSAGES.get(status, "Server error."),
        )

    def no_retry(self, fault: Fault) -> Fault:
        """Add `x-should-retry: false`: the client surfaces the error at once."""
        fault.headers["x-should-retry"] = "false"
        return fault
