"""ElevenLabs faults with the documented `detail.status` codes (elevenlabs.md §6)."""

from __future__ import annotations

from ..openai.common import Fault, FaultPlan


class ElevenLabsFaults(FaultPlan):
    """Route names: ivc, voices, voice, delete_voice, default_settings, settings,
    edit_settings, tts, tts_stream, tts_timestamps, subscription, user, models; "*" = any.

    `malformed` on a TTS route truncates the audio (inside the JSON for with-timestamps);
    `silent_audio` answers PCM of the right length that is all zeros. Both are charged.
    """

    def silent_audio(self, route: str = "tts_timestamps", *, times: int = 1) -> Fault:
        """A charged with-timestamps answer whose PCM samples are all zero."""
        return self.add(Fault(route, "silent", times, malformed=True))

    def unauthorized(self, route: str, *, times: int = 1) -> Fault:
        return self.error(
            route,
            401,
            code="invalid_api_key",
            message="Invalid API key",
            times=times,
            name="unauthorized",
        )

    def quota_exceeded(self, route: str, *, times: int = 1) -> Fault:
        """401 (not 429) `quota_exceeded`: never worth a retry."""
        return self.error(
            route,
            401,
            code="quota_exceeded",
            times=times,
            name="quota_exceeded",
            message="This request exceeds your quota. You have 0 credits remaining.",
        )

    def system_busy(self, route: str, *, retry_after: int = 1, times: int = 1) -> Fault:
        """429 `system_busy` with `Retry-After` (whole seconds: the SDK parses digits only)."""
        return self.error(
            route,
            429,
            code="system_busy",
            times=times,
            name="system_busy",
            message="Our services are experiencing high levels of traffic. Please retry.",
            headers={"Retry-After": str(retry_after)},
        )

    def too_many_concurrent(self, route: str, *, times: int = 1) -> Fault:
        """The concurrency 429 on demand; `max_concurrent` produces it for real."""
        return self.error(
            route,
            429,
            code="too_many_concurrent_requests",
            times=times,
            name="too_many_concurrent_requests",
            message="Too many concurrent requests for your subscription.",
        )

    def server_error(self, route: str, status: int = 500, *, times: int = 1) -> Fault:
        return self.error(
            route,
            status,
            code="internal_error",
            message="An internal error occurred.",
            times=times,
            name=f"server_error {status}",
        )
