"""The emulator's HTTP side: lifecycle, the request ledger, bearer checks, faults."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Self

from aiohttp import web

from .chunks import MIB
from .faults import Fault, FaultPlan
from .oauth import OAuthApi
from .posting import BaseUrl
from .replies import OPEN_ID, PUBLISH_ID, ApiError, api_error

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
# route name -> the scope its bearer token needs (None: any valid token); absent: no bearer.
BEARER_ROUTES: dict[str, str | None] = {
    "user_info": "user.info.basic", "creator_info": "video.publish", "init": "video.publish",
    "inbox_init": "video.upload", "status": None, "video_list": "video.list",
    "video_query": "video.list",
}  # fmt: skip


@dataclass
class Record:
    seq: int
    route: str
    method: str
    path: str
    at: float  # the emulator's clock
    content_range: str | None = None
    body_size: int = 0
    json: Any = None
    open_id: str | None = None
    publish_id: str | None = None
    status: int | None = None  # 0: the connection was dropped
    fault: str | None = None
    notes: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Delays:
    """Realistic latencies (bench/publish.py); tests leave them off."""

    request_s: float = 0.12
    upload_mib_per_s: float = 20.0


class TikTokServer:
    """Serves `routes()`; subclasses set the attributes below before `start`."""

    clock: Callable[[], float]
    faults: FaultPlan
    oauth: OAuthApi
    delays: Delays | None
    base_url: BaseUrl

    def __init__(self) -> None:
        self.requests: list[Record] = []
        self.internal_errors: list[BaseException] = []
        self._runner: web.AppRunner | None = None

    def routes(self) -> list[tuple[str, str, Handler, str]]:
        raise NotImplementedError

    def url(self, path: str) -> str:
        return self.base_url() + path

    async def start(self) -> str:
        app = web.Application(middlewares=[self._middleware], client_max_size=256 * MIB)
        for method, path, handler, name in self.routes():
            app.router.add_route(method, path, handler, name=name)
        self._runner = web.AppRunner(app, shutdown_timeout=1.0)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        host, port = self._runner.addresses[0][:2]
        self.base_url.value = f"http://{host}:{port}"
        return self.base_url.value

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(self, kind: type[BaseException] | None, error: BaseException | None,
                        tb: TracebackType | None) -> None:  # fmt: skip
        await self.stop()

    @web.middleware
    async def _middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        route = request.match_info.route.name or "unmatched"
        raw = await request.read()
        record = Record(len(self.requests) + 1, route, request.method, request.path, self.clock(),
                        request.headers.get("Content-Range"), len(raw))  # fmt: skip
        if request.content_type == "application/json" and raw:
            record.json = await request.json()
        self.requests.append(record)
        try:
            response = await self._handle(request, handler, record)
        except ApiError as error:
            response = api_error(error)
        except web.HTTPException as exc:  # redirects of the consent screen, aiohttp's 404s
            record.status = exc.status
            raise
        except Exception as exc:  # an emulator bug: the test that owns the emulator fails
            self.internal_errors.append(exc)
            response = api_error(ApiError(500, "emulator_bug", repr(exc)))
        record.publish_id = request.get(PUBLISH_ID) or request.match_info.get("publish_id")
        record.status = record.status if record.status == 0 else response.status
        return response

    async def _handle(self, request: web.Request, handler: Handler, record: Record
                      ) -> web.StreamResponse:  # fmt: skip
        if self.delays is not None:
            await asyncio.sleep(
                self.delays.request_s + record.body_size / MIB / self.delays.upload_mib_per_s
            )
        fault = self.faults.take(record.route)
        if fault is not None:
            record.fault = fault.name
            if fault.before is not None:
                fault.before()
            if fault.delay:
                await asyncio.sleep(fault.delay)
        if record.route in BEARER_ROUTES:
            scope = BEARER_ROUTES[record.route]
            record.open_id = request[OPEN_ID] = self.oauth.bearer_user(
                request.headers.get("Authorization"), scope
            )
        if fault is None or (fault.status is None and not fault.drop):
            return await handler(request)
        if fault.apply:
            await _run_ignoring_errors(handler, request)
        return self._faulted(request, record, fault)

    def _faulted(self, request: web.Request, record: Record, fault: Fault) -> web.StreamResponse:
        if fault.drop:
            record.status = 0
            if request.transport is not None:
                request.transport.close()
            return web.Response(status=204)
        if fault.body is not None:
            return web.json_response(fault.body, status=fault.status or 500, headers=fault.headers)
        return api_error(ApiError(fault.status or 500, fault.code, fault.message, fault.headers))


async def _run_ignoring_errors(handler: Handler, request: web.Request) -> None:
    """The work of an applied fault; its own refusal is lost along with the answer."""
    try:
        await handler(request)
    except ApiError:
        return
