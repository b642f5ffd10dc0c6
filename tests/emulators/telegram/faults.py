"""Fault injection: the next N calls of a method fail (429, 5xx, HTML 502, errors) or stall."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .errors import ApiError, too_many_requests

ANY_METHOD = "*"
CUT_OFF = "cut_off"
APPLY_THEN_DROP = "apply_then_drop"
BAD_GATEWAY_HTML = (
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
    "</body>\r\n</html>\r\n"
)


@dataclass
class Fault:
    """What to do instead of (or before) handling one call.

    `status` None means: after `delay` seconds (or hanging when `hang`), handle normally.
    `drop` means: handle normally, then close the connection instead of answering.
    """

    method: str
    times: int
    name: str
    status: int | None = None
    body: dict[str, Any] | str | None = None
    content_type: str = "application/json"
    delay: float = 0.0
    hang: bool = False
    headers: dict[str, str] | None = None
    drop: bool = False


class FaultInjector:
    """Per-method queues of faults; method names are case-insensitive, "*" matches any."""

    def __init__(self) -> None:
        self.faults: list[Fault] = []
        self.fired: list[tuple[str, str]] = []

    def _add(self, fault: Fault) -> Fault:
        fault.method = fault.method.lower()
        self.faults.append(fault)
        return fault

    def error(
        self,
        method: str,
        status: int,
        description: str,
        *,
        times: int = 1,
        parameters: dict[str, Any] | None = None,
    ) -> Fault:
        body = ApiError(status, description, parameters).body()
        return self._add(Fault(method, times, f"error {status}", status, body))

    def retry_after(self, method: str, seconds: int = 1, *, times: int = 1) -> Fault:
        error = too_many_requests(seconds)
        headers = {"Retry-After": str(seconds)}
        return self._add(Fault(method, times, "retry_after", 429, error.body(), headers=headers))

    def server_error(
        self,
        method: str,
        status: int = 500,
        description: str = "Internal Server Error",
        *,
        times: int = 1,
    ) -> Fault:
        return self.error(method, status, description, times=times)

    def bad_gateway(self, method: str, *, times: int = 1) -> Fault:
        """502 with nginx's HTML body (not JSON): aiogram raises ClientDecodeError."""
        fault = Fault(method, times, "bad_gateway_html", 502, BAD_GATEWAY_HTML, "text/html")
        return self._add(fault)

    def blocked(self, method: str, *, times: int = 1) -> Fault:
        return self.error(method, 403, "Forbidden: bot was blocked by the user", times=times)

    def delay(self, method: str, seconds: float, *, times: int = 1) -> Fault:
        return self._add(Fault(method, times, f"delay {seconds}s", delay=seconds))

    def hang(self, method: str, *, times: int = 1) -> Fault:
        """Never answers (until the emulator stops): exercises client timeouts."""
        return self._add(Fault(method, times, "hang", hang=True))

    def drop_response(self, method: str, *, times: int = 1) -> Fault:
        """The call is applied (a sendVideo posts), then the connection closes unanswered:
        the client cannot tell whether it happened."""
        return self._add(Fault(method, times, APPLY_THEN_DROP, drop=True))

    def cut_off(self, method: str = "downloadFile", *, times: int = 1) -> Fault:
        """A download whose body stops halfway and whose connection closes."""
        return self._add(Fault(method, times, CUT_OFF))

    def inject(
        self,
        method: str,
        status: int,
        body: dict[str, Any] | str,
        *,
        times: int = 1,
        content_type: str = "application/json",
    ) -> Fault:
        """Raw answer: `body` is sent as JSON (dict) or verbatim (str)."""
        return self._add(Fault(method, times, f"inject {status}", status, body, content_type))

    def from_spec(self, spec: dict[str, Any]) -> Fault:
        """A fault from JSON: method, kind (retry_after, server_error, error, bad_gateway,
        blocked, delay, hang, cut_off, drop_response), times?, seconds?, status?, description?"""
        method, times, kind = str(spec["method"]), int(spec.get("times", 1)), spec.get("kind")
        if kind == "retry_after":
            return self.retry_after(method, int(spec.get("seconds", 1)), times=times)
        if kind in {"server_error", "error"}:
            description = str(spec.get("description", "Internal Server Error"))
            return self.error(method, int(spec.get("status", 500)), description, times=times)
        if kind == "delay":
            return self.delay(method, float(spec.get("seconds", 1)), times=times)
        simple = {
            "bad_gateway": self.bad_gateway,
            "blocked": self.blocked,
            "hang": self.hang,
            CUT_OFF: self.cut_off,
            "drop_response": self.drop_response,
        }
        if kind in simple:
            return simple[kind](method, times=times)
        raise ValueError(f"unknown fault kind {kind!r}")

    def take(self, method: str) -> Fault | None:
        """Consumes one firing of the first fault matching `method`."""
        name = method.lower()
        for fault in self.faults:
            if fault.method in {name, ANY_METHOD} and fault.times > 0:
                fault.times -= 1
                if fault.times == 0:
                    self.faults.remove(fault)
                self.fired.append((method, fault.name))
                return fault
        return None

    def clear(self) -> None:
        self.faults.clear()
