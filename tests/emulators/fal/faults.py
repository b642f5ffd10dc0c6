"""fal faults and how the real client reacts to each (fal.md §2)."""

from __future__ import annotations

from ..openai.common import Fault, FaultPlan

NGINX_502 = (
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
    "</body>\r\n</html>\r\n"
)


class FalFaults(FaultPlan):
    """Route names: submit, status, result, cancel, run, cdn_token, cdn_upload,
    upload_initiate, upload_put, file; "*" = any."""

    def unauthorized(self, route: str, *, times: int = 1) -> Fault:
        return self.error(
            route,
            401,
            message="No user found for Key ID and Secret",
            times=times,
            name="unauthorized",
        )

    def rate_limited(self, route: str, *, retry_after: int = 30, times: int = 1) -> Fault:
        """429: the client retries by itself (up to 10 attempts) and ignores Retry-After."""
        return self.error(
            route,
            429,
            message="Rate limit exceeded",
            times=times,
            name="rate_limited",
            headers={"Retry-After": str(retry_after)},
        )

    def server_error(self, route: str, status: int = 500, *, times: int = 1) -> Fault:
        """An app error (with `x-fal-request-id`): the client never retries it."""
        return self.error(
            route,
            status,
            message="Internal Server Error",
            times=times,
            name=f"server_error {status}",
            headers={"x-fal-request-id": "emulator-fault"},
        )

    def accepted_then_error(self, route: str = "submit", status: int = 500) -> Fault:
        """The job is queued (and will be billed), but the submit answers `status` with the
        job's `x-fal-request-id`: the client does not retry it; only a status lookup by that
        id tells that it was accepted."""
        return self.answer_lost(route, status)

    def ingress_error(self, route: str, *, times: int = 1) -> Fault:
        """nginx's HTML 502 without `x-fal-request-id`: the client retries it."""
        fault = self.raw(route, 502, NGINX_502, content_type="text/html", times=times)
        fault.name = "ingress_error"
        return fault
