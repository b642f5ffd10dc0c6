"""Count-limited faults per route: the next N requests fail, stall or come back mangled."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ANY_ROUTE = "*"


@dataclass
class Fault:
    """What to do instead of (or around) handling one request.

    `status` set: answer with that error (rendered in the service's error shape unless
    `body` is given, which is sent verbatim: dict as JSON, str as `content_type`).
    `delay` > 0: wait first (the emulator's stop or a client disconnect ends the wait).
    `malformed`: run the handler, then let the service mangle its output.
    `lost_status`: run the handler (the work is done: a job queued, credits charged), then
    answer with this error status instead, as when a gateway loses the answer.
    """

    route: str
    name: str
    times: int = 1
    status: int | None = None
    code: str = ""
    message: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    body: dict[str, Any] | str | None = None
    content_type: str = "application/json"
    delay: float = 0.0
    malformed: bool = False
    lost_status: int | None = None
    fired: int = 0


class FaultPlan:
    """Faults are taken in the order they were added; "*" matches every route."""

    def __init__(self) -> None:
        self.faults: list[Fault] = []
        self.fired: list[tuple[str, str]] = []  # (route, fault name), in firing order

    def add(self, fault: Fault) -> Fault:
        if fault.times < 1:
            raise ValueError("a fault must fire at least once")
        self.faults.append(fault)
        return fault

    def take(self, route: str) -> Fault | None:
        for fault in self.faults:
            if fault.times > 0 and fault.route in (route, ANY_ROUTE):
                fault.times -= 1
                fault.fired += 1
                self.fired.append((route, fault.name))
                return fault
        return None

    def pending(self, route: str | None = None) -> int:
        """Firings left (for one route, or in total)."""
        return sum(fault.times for fault in self.faults if route is None or fault.route == route)

    def clear(self) -> None:
        self.faults.clear()

    # Generic helpers; each service adds helpers with its real error codes.
    def error(
        self,
        route: str,
        status: int,
        *,
        code: str = "",
        message: str = "",
        headers: dict[str, str] | None = None,
        times: int = 1,
        name: str | None = None,
    ) -> Fault:
        return self.add(
            Fault(
                route,
                name or f"error {status} {code}".strip(),
                times,
                status,
                code,
                message,
                dict(headers or {}),
            )
        )

    def raw(
        self,
        route: str,
        status: int,
        body: dict[str, Any] | str,
        *,
        content_type: str = "application/json",
        headers: dict[str, str] | None = None,
        times: int = 1,
    ) -> Fault:
        """A verbatim response, e.g. nginx's HTML 502 page."""
        fault = Fault(route, f"raw {status}", times, status, headers=dict(headers or {}))
        fault.body, fault.content_type = body, content_type
        return self.add(fault)

    def slow(self, route: str, seconds: float, *, times: int = 1) -> Fault:
        """Answer normally, but only after `seconds`."""
        return self.add(Fault(route, f"slow {seconds}s", times, delay=seconds))

    def malformed(self, route: str, *, times: int = 1) -> Fault:
        """Answer 200, with output the service mangles (truncated JSON or audio, ...)."""
        return self.add(Fault(route, "malformed", times, malformed=True))

    def answer_lost(self, route: str, status: int = 500, *, times: int = 1) -> Fault:
        """Do the work, then answer `status`: the request was accepted, the answer lost."""
        name = f"answer_lost {status}"
        return self.add(
            Fault(route, name, times, message="Internal Server Error", lost_status=status)
        )
