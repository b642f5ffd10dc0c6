"""YouTube faults: Google's error envelopes, per route and call index, plus the ones only a
resumable upload has (part of a chunk stored before a 5xx, the answer dropped after the
work was done, the access token expiring mid-upload)."""

from __future__ import annotations

from dataclasses import dataclass

from ..openai.common import Fault, FaultPlan


@dataclass
class YouTubeFault(Fault):
    """`skip`: let this many matching requests pass first (the call index).
    `drop`: do the work, then close the connection without an answer.
    `stored_bytes`: an upload PUT stores only this many bytes of its chunk, then answers
    `lost_status` (a 5xx after a partial write).
    `expire_tokens`: every access token expires just before this request is checked."""

    skip: int = 0
    drop: bool = False
    stored_bytes: int | None = None
    expire_tokens: bool = False


def google_error(
    status: int, reason: str, message: str, domain: str = "youtube.api"
) -> dict[str, object]:
    """The Data API's error envelope (`error.errors[0].reason` is what clients read)."""
    return {
        "error": {
            "code": status,
            "message": message,
            "errors": [{"domain": domain, "reason": reason, "message": message}],
        }
    }


class YouTubeFaults(FaultPlan):
    """Routes: authorize, token, revoke, upload_start, upload_put (chunks and probes),
    thumbnails_set, channels, videos, playlist_items, reports; "*" = any. `at` is the call
    index (0: the next matching request)."""

    def take(self, route: str) -> Fault | None:
        chosen: Fault | None = None
        for fault in self.faults:
            if fault.times <= 0 or fault.route not in (route, "*"):
                continue
            if isinstance(fault, YouTubeFault) and fault.skip > 0:
                fault.skip -= 1
            elif chosen is None:
                chosen = fault
        if chosen is not None:
            chosen.times -= 1
            chosen.fired += 1
            self.fired.append((route, chosen.name))
        return chosen

    def google(
        self, route: str, status: int, reason: str, *, at: int = 0, times: int = 1,
        headers: dict[str, str] | None = None, message: str | None = None,
    ) -> YouTubeFault:  # fmt: skip
        """An answer in Google's error envelope, the work not done."""
        fault = YouTubeFault(route, f"{status} {reason}", times, status, skip=at)
        fault.body = google_error(status, reason, message or reason)
        fault.headers = dict(headers or {})
        return self._add(fault)

    def server_error(
        self, route: str, status: int = 503, *, at: int = 0, times: int = 1
    ) -> YouTubeFault:
        return self.google(route, status, "backendError", at=at, times=times)

    def rate_limited(
        self, route: str, *, retry_after: int = 7, at: int = 0, times: int = 1
    ) -> YouTubeFault:
        """429 with a reset time (Retry-After seconds), for the next `times` calls."""
        return self.google(
            route, 429, "rateLimitExceeded", at=at, times=times,
            headers={"Retry-After": str(retry_after)},
        )  # fmt: skip

    def quota_exceeded(self, route: str = "videos", *, times: int = 1) -> YouTubeFault:
        """403 quotaExceeded for the next `times` calls (`channel.exhaust_quota()` spends
        the real day's quota instead)."""
        return self.google(route, 403, "quotaExceeded", times=times)

    def upload_limit(self, *, at: int = 0) -> YouTubeFault:
        """The channel's own daily cap (400 uploadLimitExceeded), not the project's quota."""
        return self.google("upload_start", 400, "uploadLimitExceeded", at=at)

    def partial_then_error(
        self, stored_bytes: int, status: int = 503, *, at: int = 0
    ) -> YouTubeFault:
        """An upload PUT stores `stored_bytes` of its chunk, then answers `status`."""
        fault = YouTubeFault("upload_put", f"partial {stored_bytes} then {status}", 1, skip=at)
        fault.stored_bytes, fault.lost_status = stored_bytes, status
        fault.message = "backendError"
        return self._add(fault)

    def drop_after_work(self, route: str, *, at: int = 0, times: int = 1) -> YouTubeFault:
        """The request is applied (a chunk stored, a video created), the answer never comes.
        aiohttp resends an idempotent request (GET, PUT) once on a dropped connection by
        itself: `times=2` drops that resend too."""
        return self._add(YouTubeFault(route, "dropped", times, skip=at, drop=True))

    def answer_lost_after_work(
        self, route: str, status: int = 502, *, at: int = 0
    ) -> YouTubeFault:
        """Applied, then a gateway error instead of the answer."""
        fault = YouTubeFault(route, f"lost {status}", 1, skip=at, lost_status=status)
        fault.message = "backendError"
        return self._add(fault)

    def expire_token(self, route: str = "upload_put", *, at: int = 0) -> YouTubeFault:
        """The access token expires right before this request: it gets 401 authError."""
        return self._add(YouTubeFault(route, "token expired", 1, skip=at, expire_tokens=True))

    def delay(self, route: str, seconds: float, *, at: int = 0) -> YouTubeFault:
        return self._add(YouTubeFault(route, f"slow {seconds}s", 1, skip=at, delay=seconds))

    def _add(self, fault: YouTubeFault) -> YouTubeFault:
        self.add(fault)
        return fault
