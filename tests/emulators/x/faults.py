"""X faults: the shared count-limited plan, plus faults pinned to a route's N-th call, the
dropped answer (the work is done, then the connection closes unanswered) and X's own error
shapes (problem+json 5xx, 429 with `x-rate-limit-reset`, 401 of an expired token)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from ..openai.common import Fault, FaultPlan

DROPPED = 599  # `lost_status` sentinels: the emulator closes the connection instead,
HUNG = 598  # or never answers (until the client goes away)


@dataclass
class XFault(Fault):
    action: Callable[[], None] | None = None  # run when the fault fires (expire tokens)

    @property
    def drops(self) -> bool:
        return self.lost_status == DROPPED

    @property
    def hangs(self) -> bool:
        return self.lost_status == HUNG


class DroppedAnswer(web.Response):
    """Closes the connection instead of answering: the client sees it go away."""

    async def prepare(self, request: web.BaseRequest) -> None:
        if request.transport is not None:
            request.transport.abort()
        raise ConnectionResetError("the emulator dropped the answer")


class HungAnswer(web.Response):
    """Never answers; the client's disconnect (or the emulator's stop) ends the wait.
    `hanging` is set once the work is done and the wait begins."""

    def __init__(self, hanging: asyncio.Event) -> None:
        super().__init__()
        self.hanging = hanging

    async def prepare(self, request: web.BaseRequest) -> None:
        self.hanging.set()
        await asyncio.Event().wait()


class XFaults(FaultPlan):
    """Route names: authorize, token, revoke, me, initialize, append, finalize, status,
    create_tweet, tweet, tweets, user_tweets; "*" = any.

    Every builder takes `call`: the fault fires on that request of the route only (1-based,
    counted over requests that passed the token check). Without it, the fault fires on the
    next `times` requests, as in the shared plan.
    """

    def __init__(self, clock: Callable[[], float]) -> None:
        super().__init__()
        self.clock = clock
        self.calls: dict[str, int] = {}
        self.pinned: dict[tuple[str, int], Fault] = {}

    def take(self, route: str) -> Fault | None:
        self.calls[route] = call = self.calls.get(route, 0) + 1
        fault = self.pinned.pop((route, call), None)
        if fault is not None:
            fault.times, fault.fired = 0, fault.fired + 1
            self.fired.append((route, fault.name))
        else:
            fault = super().take(route)
        if isinstance(fault, XFault) and fault.action is not None:
            fault.action()
        return fault

    def pending(self, route: str | None = None) -> int:
        pinned = sum(1 for (name, _), _f in self.pinned.items() if route in (None, name))
        return super().pending(route) + pinned

    def place(self, fault: XFault, call: int | None) -> Fault:
        if call is None:
            return self.add(fault)
        if call < 1:
            raise ValueError("calls are counted from 1")
        self.pinned[(fault.route, call)] = fault
        return fault

    def inject(
        self,
        route: str,
        *,
        call: int | None = None,
        times: int = 1,
        status: int | None = None,
        body: dict[str, Any] | str | None = None,
        headers: dict[str, str] | None = None,
        delay: float = 0.0,
        drop: bool = False,
    ) -> Fault:
        """Any fault: answer `status` with `body` and `headers` instead of the work (or, with
        `drop`, do the work and close the connection), after `delay` seconds."""
        fault = XFault(route, "injected", times, status, headers=dict(headers or {}),
                       body=body, delay=delay, lost_status=DROPPED if drop else None)  # fmt: skip
        return self.place(fault, call)

    def server_error(
        self, route: str, status: int = 503, *, call: int | None = None, times: int = 1
    ) -> Fault:
        body = {"title": "Service Unavailable", "detail": "Service Unavailable",
                "type": "about:blank", "status": status}  # fmt: skip
        fault = XFault(route, f"server_error {status}", times, status, body=body)
        return self.place(fault, call)

    def rate_limited(
        self, route: str, *, reset_in: int = 30, call: int | None = None, times: int = 1
    ) -> Fault:
        """429 with the window's reset as epoch seconds (no Retry-After, as X does)."""
        reset = int(self.clock()) + reset_in
        headers = {"x-rate-limit-limit": "300", "x-rate-limit-remaining": "0",
                   "x-rate-limit-reset": str(reset)}  # fmt: skip
        body = {"title": "Too Many Requests", "detail": "Too Many Requests",
                "type": "about:blank", "status": 429}  # fmt: skip
        fault = XFault(route, "rate_limited", times, 429, headers=headers, body=body)
        return self.place(fault, call)

    def expired_token(
        self, route: str, expire: Callable[[], None], *, call: int | None = None, times: int = 1
    ) -> Fault:
        """The token in hand expires now (`expire` does it): this call gets X's 401."""
        body = {"title": "Unauthorized", "type": "about:blank", "status": 401,
                "detail": "Unauthorized"}  # fmt: skip
        fault = XFault(route, "expired_token", times, 401, body=body, action=expire)
        return self.place(fault, call)

    def dropped(self, route: str, *, call: int | None = None, times: int = 1) -> Fault:
        """Do the work, then close the connection without an answer."""
        return self.place(XFault(route, "dropped", times, lost_status=DROPPED), call)

    def hung(self, route: str, *, call: int | None = None, times: int = 1) -> Fault:
        """Do the work, then never answer: a worker killed while waiting leaves X with work
        the worker never heard of."""
        return self.place(XFault(route, "hung", times, lost_status=HUNG), call)

    def answer_lost(
        self, route: str, status: int = 503, *, call: int | None = None, times: int = 1
    ) -> Fault:
        """Do the work, then answer `status` as a gateway that lost the answer would."""
        fault = XFault(route, f"answer_lost {status}", times, message="Service Unavailable",
                       lost_status=status)  # fmt: skip
        return self.place(fault, call)

    def slow(
        self, route: str, seconds: float, *, call: int | None = None, times: int = 1
    ) -> Fault:
        return self.place(XFault(route, f"slow {seconds}s", times, delay=seconds), call)
