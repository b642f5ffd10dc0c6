"""The aiohttp application serving `/bot<token>/<method>` and `/file/bot<token>/<path>`."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from . import (  # noqa: F401 - register methods
    api_chats,
    api_core,
    api_media,
    api_messages,
    api_payments,
)
from . import events as ev
from .downloads import serve_download
from .errors import ApiError, not_found, unauthorized
from .faults import Fault
from .params import Params
from .records import RecordedRequest
from .registry import HANDLERS
from .state import EmulatorState

logger = logging.getLogger(__name__)
MAX_BODY = 64 * 1024 * 1024
HANG_LIMIT = 3600.0


class ApiServer:
    """Bot API routes; every call is recorded in `state.requests`."""

    def __init__(self, state: EmulatorState) -> None:
        self.state = state
        self.stopping = asyncio.Event()
        self.app = web.Application(client_max_size=MAX_BODY)
        self.app.router.add_route("*", "/bot{token}/test/{method}", self.handle_method)
        self.app.router.add_route("*", "/bot{token}/{method}", self.handle_method)
        self.app.router.add_get("/file/bot{token}/{path:.+}", self.handle_file)

    async def handle_method(self, request: web.Request) -> web.StreamResponse:
        started = time.monotonic()
        call = _Call(request.match_info["token"], request.match_info["method"])
        try:
            await self._dispatch(request, call)
        except ApiError as exc:
            call.status, call.body = exc.status, exc.body()
        except Exception as exc:
            logger.exception("emulator failed on %s", call.method)
            self.state.internal_errors.append(f"{call.method}: {type(exc).__name__}: {exc}")
            call.status = 500
            call.body = {
                "ok": False,
                "error_code": 500,
                "description": f"Internal Server Error: {exc}",
            }
        record = RecordedRequest(
            seq=len(self.state.requests) + 1,
            time=self.state.clock(),
            token=call.token,
            method=call.method,
            http_method=request.method,
            content_type=request.content_type,
            params=call.params.recorded(),
            uploads=call.params.uploads_record(),
            status=call.status,
            response=call.body if isinstance(call.body, dict) else {"raw": call.body},
            fault=call.fault.name if call.fault else None,
            chat_id=self._chat_id(call.params),
            implemented=call.implemented,
            duration=time.monotonic() - started,
        )
        self._record(record)
        if call.fault is not None and call.fault.drop and request.transport is not None:
            request.transport.close()  # applied above; the client never hears of it
        return _respond(call.status, call.body, call.fault)

    async def _dispatch(self, request: web.Request, call: _Call) -> None:
        parse_error: ApiError | None = None
        try:
            call.params = await Params.from_request(request)
        except ApiError as exc:
            parse_error = exc
        if call.token != self.state.token:
            raise unauthorized()
        if parse_error is not None:
            raise parse_error
        call.fault = self.state.faults.take(call.method)
        answer = await self._apply_fault(call.fault) if call.fault else None
        if answer is not None:
            call.status, call.body = answer
            return
        handler = HANDLERS.get(call.method.lower())
        if handler is None:
            call.implemented = False
            raise not_found()
        self.state.flood.check(call.method, self._chat_id(call.params))
        call.body = {"ok": True, "result": await handler(self.state, call.params)}

    async def _apply_fault(self, fault: Fault) -> tuple[int, Any] | None:
        """Sleeps/hangs as the fault says; returns (status, body) to answer with, if any."""
        wait = HANG_LIMIT if fault.hang else fault.delay
        if wait > 0:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.stopping.wait(), wait)
            if self.stopping.is_set():
                return 503, {"ok": False, "error_code": 503, "description": "Emulator stopped"}
        if fault.status is None:
            return None
        return fault.status, fault.body

    def _chat_id(self, params: Params) -> int | None:
        value = params.raw("chat_id")
        if value is None and "callback_query_id" in params:
            record = self.state.callbacks.get(str(params.raw("callback_query_id")))
            return record.chat_id if record else None
        if value is None:
            return None
        try:
            return self.state.resolve_chat(value).id
        except ApiError:
            try:
                return int(value)
            except (TypeError, ValueError):
                return None

    def _record(self, record: RecordedRequest) -> None:
        self.state.requests.append(record)
        data = {"seq": record.seq, "method": record.method, "status": record.status}
        self.state.events.emit(ev.REQUEST, record.chat_id, None, data)

    async def handle_file(self, request: web.Request) -> web.StreamResponse:
        """File download; recorded as the pseudo-method `downloadFile` (faults apply)."""
        return await serve_download(self.state, request, self.stopping, self._record)


@dataclass
class _Call:
    token: str
    method: str
    params: Params = field(default_factory=lambda: Params({}))
    status: int = 200
    body: Any = None
    fault: Fault | None = None
    implemented: bool = True


def _respond(status: int, body: Any, fault: Fault | None) -> web.Response:
    headers = dict(fault.headers or {}) if fault else {}
    if isinstance(body, str):
        content_type = fault.content_type if fault else "text/plain"
        return web.Response(text=body, status=status, content_type=content_type, headers=headers)
    return web.Response(
        text=json.dumps(body), status=status, content_type="application/json", headers=headers
    )
