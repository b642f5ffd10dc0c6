"""`EmulatorServer`: aiohttp lifecycle, request recording, auth and fault middleware."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Coroutine
from types import TracebackType
from typing import Any, Generic, Self, TypeVar

from aiohttp import web

from .faults import Fault, FaultPlan
from .records import AuthState, RecordedRequest, RequestLog, record_request
from .routing import Handler, Route, ServiceError

CLIENT_GONE = 499  # recorded status when the client disconnected before the answer
RECORD_KEY = web.RequestKey("record", RecordedRequest)
FaultsT = TypeVar("FaultsT", bound=FaultPlan)


class EmulatorServer(Generic[FaultsT]):
    """Base of the three emulators. Subclasses give `routes`, `check_auth`, `error_response`."""

    secret_headers: frozenset[str] = frozenset({"authorization", "xi-api-key"})

    def __init__(self, faults: FaultsT) -> None:
        self.faults = faults
        self.requests = RequestLog()
        self.internal_errors: list[BaseException] = []
        self.in_flight = 0
        self.base_url = ""
        self._runner: web.AppRunner | None = None
        self._tasks: set[asyncio.Task[Any]] = set()
        self.app = web.Application(middlewares=[self._middleware], client_max_size=256 * 2**20)
        self._route_auth: dict[str, bool] = {}
        for route in self.routes():
            self.app.router.add_route(route.method, route.path, route.handler, name=route.name)
            self._route_auth[route.name] = route.auth

    # -- to override -------------------------------------------------------------------
    def routes(self) -> list[Route]:
        raise NotImplementedError

    def check_auth(self, request: web.Request) -> AuthState:
        raise NotImplementedError

    def error_response(self, error: ServiceError) -> web.Response:
        raise NotImplementedError

    def auth_error(self, state: AuthState) -> ServiceError:
        return ServiceError(401, "invalid_api_key", "Invalid API key")

    def lost_answer(self, route: str, response: web.StreamResponse, fault: Fault) -> web.Response:
        """The error sent instead of `response` (a `lost_status` fault): the service's error
        shape; services override it to keep headers their real errors carry."""
        status = fault.lost_status or 500
        return self.error_response(ServiceError(status, fault.code, fault.message, fault.headers))

    def mangle(
        self, route: str, response: web.StreamResponse, fault: Fault | None = None
    ) -> web.StreamResponse:
        """Default malformed output: the body cut in half, same status and type (`fault`
        names the malformation a service may offer beyond that)."""
        if isinstance(response, web.Response) and isinstance(response.body, bytes):
            cut = response.body[: len(response.body) // 2]
            mangled = web.Response(status=response.status, body=cut, headers=response.headers)
            mangled.headers.popall("Content-Length", None)
            return mangled
        return response

    # -- lifecycle ---------------------------------------------------------------------
    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        if self._runner is not None:
            raise RuntimeError("emulator already started")
        self._runner = web.AppRunner(self.app, handler_cancellation=True, shutdown_timeout=1.0)
        await self._runner.setup()
        await web.TCPSite(self._runner, host, port).start()
        bound_host, bound_port = self._runner.addresses[0][:2]
        self.base_url = f"http://{bound_host}:{bound_port}"
        return self.base_url

    async def stop(self) -> None:
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    def spawn(self, coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        """Run a background task that `stop()` cancels (webhooks, timed job progress)."""
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._task_done)
        return task

    def _task_done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            self.internal_errors.append(task.exception() or RuntimeError("task failed"))

    def url(self, path: str) -> str:
        return self.base_url + path

    def assert_no_internal_errors(self) -> None:
        if self.internal_errors:
            raise AssertionError(f"emulator bugs: {self.internal_errors!r}")

    # -- middleware --------------------------------------------------------------------
    @web.middleware
    async def _middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        route = request.match_info.route.name or "unmatched"
        raw = await request.read()
        self.in_flight += 1
        record = record_request(
            request,
            route,
            raw,
            seq=len(self.requests) + 1,
            in_flight=self.in_flight,
            secret_headers=self.secret_headers,
        )
        self.requests.add(record)
        request[RECORD_KEY] = record
        try:
            response = await self._dispatch(request, handler, record)
        except web.HTTPException as exc:  # aiohttp's 404/405 for paths no route matches
            code = "not_found" if exc.status == 404 else "method_not_allowed"
            response = self.error_response(ServiceError(exc.status, code, exc.reason))
        except ServiceError as error:
            response = self.error_response(error)
        except asyncio.CancelledError:
            record.status = CLIENT_GONE
            raise
        except Exception as exc:  # an emulator bug: fail the test that owns the emulator
            self.internal_errors.append(exc)
            response = self.error_response(ServiceError(500, "emulator_bug", repr(exc)))
        finally:
            self.in_flight -= 1
        record.status = response.status
        return response

    async def _dispatch(
        self, request: web.Request, handler: Handler, record: RecordedRequest
    ) -> web.StreamResponse:
        if self._route_auth.get(record.route, False):
            record.auth = self.check_auth(request)
            if record.auth != "ok":
                raise self.auth_error(record.auth)
        fault = self.faults.take(record.route)
        if fault is None:
            return await handler(request)
        record.fault = fault.name
        if fault.delay > 0:
            await asyncio.sleep(fault.delay)
        if fault.status is not None:
            return self._fault_response(fault)
        response = await handler(request)
        if fault.lost_status is not None:
            return self.lost_answer(record.route, response, fault)
        return self.mangle(record.route, response, fault) if fault.malformed else response

    def _fault_response(self, fault: Fault) -> web.Response:
        status = fault.status or 500
        if isinstance(fault.body, dict):
            return web.json_response(fault.body, status=status, headers=fault.headers)
        if isinstance(fault.body, str):
            return web.Response(
                status=status,
                text=fault.body,
                content_type=fault.content_type,
                headers=fault.headers,
            )
        error = ServiceError(status, fault.code, fault.message, dict(fault.headers))
        return self.error_response(error)
