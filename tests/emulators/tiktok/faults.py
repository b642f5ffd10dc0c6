"""Faults per route and call index: an error answer, a delay, a side effect (a token
expiring mid-upload), or the work done and then the answer lost or the connection dropped."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Fault:
    """`at`: the 1-based index of the call on `route` it fires on (None: the next calls).

    `status` without `apply`: answer that error, do nothing. `apply`: do the work first,
    then answer `status` (or drop). `drop`: close the connection without an answer.
    `before`: a side effect run before the request is handled (then handled normally unless
    another field says otherwise).
    """

    route: str
    at: int | None = None
    times: int = 1
    status: int | None = None
    code: str = "internal_error"
    message: str = "Something went wrong. Please try again later."
    headers: dict[str, str] = field(default_factory=dict)
    body: dict[str, Any] | None = None
    delay: float = 0.0
    apply: bool = False
    drop: bool = False
    before: Callable[[], None] | None = None
    fired: int = 0

    @property
    def name(self) -> str:
        parts = [self.route, f"#{self.at}" if self.at else "next"]
        if self.apply:
            parts.append("applied")
        parts.append("dropped" if self.drop else str(self.status or ""))
        return " ".join(p for p in parts if p)


class FaultPlan:
    def __init__(self) -> None:
        self.faults: list[Fault] = []
        self.calls: dict[str, int] = {}
        self.fired: list[tuple[str, int, str]] = []  # (route, call index, fault name)

    def add(self, fault: Fault) -> Fault:
        self.faults.append(fault)
        return fault

    def take(self, route: str) -> Fault | None:
        index = self.calls[route] = self.calls.get(route, 0) + 1
        for fault in self.faults:
            if fault.route != route or fault.fired >= fault.times:
                continue
            if fault.at is None or fault.at <= index < fault.at + fault.times:
                fault.fired += 1
                self.fired.append((route, index, fault.name))
                return fault
        return None

    def clear(self) -> None:
        self.faults.clear()

    def error(self, route: str, status: int, code: str, *, at: int | None = None,
              times: int = 1, message: str = "", apply: bool = False) -> Fault:  # fmt: skip
        """A TikTok error envelope with `code` (after doing the work when `apply`)."""
        return self.add(Fault(route, at, times, status, code, message or code, apply=apply))

    def server_error(self, route: str, *, at: int | None = None, apply: bool = False) -> Fault:
        return self.add(Fault(route, at, status=500, apply=apply))

    def drop(
        self, route: str, *, at: int | None = None, apply: bool = True, times: int = 2
    ) -> Fault:
        """Close the connection without answering (after doing the work, by default).

        Twice by default: aiohttp's client silently sends an idempotent request (a PUT) once
        more when a reused keep-alive connection drops, so one drop alone never reaches the
        adapter."""
        return self.add(Fault(route, at, times, drop=True, apply=apply))

    def side_effect(
        self, route: str, effect: Callable[[], None], *, at: int | None = None
    ) -> Fault:
        return self.add(Fault(route, at, before=effect))
