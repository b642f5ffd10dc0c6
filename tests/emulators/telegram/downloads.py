"""`GET /file/bot<token>/<path>`: file downloads, recorded as the pseudo-method
`downloadFile`, with the same fault injection as API methods plus a cut-off body."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from typing import Any

from aiohttp import web

from .errors import bad_request, not_found, unauthorized
from .faults import CUT_OFF, Fault
from .files import StoredFile
from .records import RecordedRequest
from .state import EmulatorState

DOWNLOAD = "downloadFile"
HANG_LIMIT = 3600.0


def _refusal(
    state: EmulatorState, token: str, stored: StoredFile | None, fault: Fault | None
) -> tuple[int, Any] | None:
    """(status, body) when the download is refused, None when the file is served."""
    if token != state.token:
        return 401, unauthorized().body()
    if fault is not None and fault.status is not None:
        return fault.status, fault.body
    if stored is None:
        return 404, not_found().body()
    if stored.size > state.files.download_limit:
        return 400, bad_request("file is too big").body()
    return None


async def serve_download(
    state: EmulatorState,
    request: web.Request,
    stopping: asyncio.Event,
    record: Callable[[RecordedRequest], None],
) -> web.StreamResponse:
    path, token = request.match_info["path"], request.match_info["token"]
    stored = state.files.by_path(path)
    fault = state.faults.take(DOWNLOAD) if token == state.token else None
    if fault is not None and (fault.delay or fault.hang):
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stopping.wait(), HANG_LIMIT if fault.hang else fault.delay)
    refused = _refusal(state, token, stored, fault)
    status, body = refused or (200, {"ok": True, "result": {"file_path": path}})
    record(
        RecordedRequest(
            seq=len(state.requests) + 1,
            time=state.clock(),
            token=token,
            method=DOWNLOAD,
            http_method=request.method,
            content_type="",
            params={"file_path": path},
            uploads=[],
            status=status,
            response=body if isinstance(body, dict) else {"raw": body},
            fault=fault.name if fault else None,
        )
    )
    if refused is not None:
        if isinstance(body, str):
            content_type = fault.content_type if fault else "text/plain"
            return web.Response(text=body, status=status, content_type=content_type)
        return web.json_response(body, status=status)
    assert stored is not None  # _refusal answers for a missing file
    content_type = stored.mime_type or "application/octet-stream"
    if fault is not None and fault.name == CUT_OFF:
        return await _cut_off(request, stored.data, content_type)
    return web.Response(body=stored.data, content_type=content_type)


async def _cut_off(request: web.Request, data: bytes, content_type: str) -> web.StreamResponse:
    """Half the body, then the connection closes: the client sees an incomplete payload."""
    response = web.StreamResponse(
        headers={"Content-Length": str(len(data)), "Content-Type": content_type}
    )
    await response.prepare(request)
    await response.write(data[: len(data) // 2])
    if request.transport is not None:
        request.transport.close()
    return response
