"""Instagram faults, chosen per route and per call index (1 = the route's first request).

Route names: authorize, oauth_token, exchange, refresh, me, media_create, rupload, object,
media_publish, media_list, publishing_limit, insights; "*" = any.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..openai.common import ANY_ROUTE, Fault, FaultPlan
from .errors import envelope, usage_headers


@dataclass
class IgFault(Fault):
    """`call`: fire on that request of the route only (else on the next ones, `times`).
    `drop`: close the connection without doing anything. `apply_then_drop`: do the work (a
    chunk stored, a post published), then close the connection without an answer."""

    call: int | None = None
    drop: bool = False
    apply_then_drop: bool = False


class IgFaults(FaultPlan):
    def __init__(self) -> None:
        super().__init__()
        self.calls: Counter[str] = Counter()

    def take(self, route: str) -> Fault | None:
        self.calls[route] += 1
        index = self.calls[route]
        for fault in self.faults:
            if fault.times <= 0 or fault.route not in (route, ANY_ROUTE):
                continue
            call = fault.call if isinstance(fault, IgFault) else None
            if call is not None and call != index:
                continue
            fault.times -= 1
            fault.fired += 1
            self.fired.append((route, fault.name))
            return fault
        return None

    def _add(self, fault: IgFault) -> IgFault:
        self.add(fault)
        return fault

    def graph(
        self,
        route: str,
        code: int,
        message: str,
        *,
        subcode: int | None = None,
        status: int = 400,
        headers: dict[str, str] | None = None,
        call: int | None = None,
        times: int = 1,
    ) -> IgFault:
        """Any Graph error envelope with any HTTP status."""
        fault = IgFault(route, f"graph {status} #{code}/{subcode}", times, status, call=call)
        fault.body = envelope(code, message, subcode=subcode)
        fault.headers = dict(headers or {})
        return self._add(fault)

    def token_expired(self, route: str, *, call: int | None = None, times: int = 1) -> IgFault:
        """190/463 for a token that is otherwise fine (the platform calls it expired before
        our clock does): a refresh works, the call then goes through."""
        message = "Error validating access token: Session has expired."
        return self.graph(route, 190, message, subcode=463, call=call, times=times)

    def throttled(
        self,
        route: str,
        *,
        code: int = 4,
        status: int = 400,
        regain_minutes: int = 1,
        user_id: str = "0",
        message: str = "Application request limit reached",
        call: int | None = None,
        times: int = 1,
    ) -> IgFault:
        """Code 4/17/32/613 with the usage headers and the wait in minutes."""
        headers = usage_headers(user_id, regain_minutes)
        return self.graph(
            route, code, message, status=status, headers=headers, call=call, times=times
        )

    def server_error(
        self, route: str, status: int = 500, *, call: int | None = None, times: int = 1
    ) -> IgFault:
        """Code 2, "Service temporarily unavailable"; the platform did nothing."""
        message = "An unexpected error has occurred. Please retry your request later."
        return self.graph(route, 2, message, status=status, call=call, times=times)

    def dropped(self, route: str, *, call: int | None = None, times: int = 1) -> IgFault:
        return self._add(IgFault(route, "dropped", times, call=call, drop=True))

    def lost(self, route: str, *, call: int | None = None, times: int = 1) -> IgFault:
        """The work is done, the answer never comes (the connection closes)."""
        return self._add(IgFault(route, "apply_then_drop", times, call=call, apply_then_drop=True))

    def delayed(self, route: str, seconds: float, *, call: int | None = None) -> IgFault:
        return self._add(IgFault(route, f"delay {seconds}s", delay=seconds, call=call))
