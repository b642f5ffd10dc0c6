"""A generated picture is downloaded chunk by chunk and refused as soon as it is too large:
its body is never buffered whole before the size check."""

import asyncio
import base64
from collections.abc import AsyncIterator
from dataclasses import dataclass

import httpx
import pytest
from aiohttp import web

from pipeline.imagegen.errors import ImageOutputInvalid
from pipeline.imagegen.files import MAX_IMAGE_BYTES, fetch_image

CHUNK = 1 << 20
OFFERED = MAX_IMAGE_BYTES * 3  # what the server would send if the client kept reading


@dataclass
class Cdn:
    base: str
    sent: dict[str, int]


@pytest.fixture
async def cdn() -> AsyncIterator[Cdn]:
    sent = {"endless": 0}
    done = asyncio.Event()

    async def endless(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse()  # chunked: no length announced
        await response.prepare(request)
        chunk = b"\xff" * CHUNK
        try:
            while sent["endless"] < OFFERED:
                await response.write(chunk)
                sent["endless"] += CHUNK
        except (ConnectionResetError, ConnectionError):
            return response
        return response

    async def declared(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Length": str(OFFERED)})
        await response.prepare(request)
        await done.wait()  # no body: a client that waits for it times the test out
        return response

    app = web.Application()
    app.router.add_get("/endless.png", endless)
    app.router.add_get("/declared.png", declared)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    yield Cdn(f"http://127.0.0.1:{port}", sent)
    done.set()
    await runner.cleanup()


async def test_a_body_is_refused_once_it_passes_the_limit(cdn: Cdn) -> None:
    async with httpx.AsyncClient(timeout=20) as http:
        with pytest.raises(ImageOutputInvalid, match="too large"):
            await fetch_image(http, f"{cdn.base}/endless.png")
    await asyncio.sleep(0.2)  # let the server notice the closed connection

    assert cdn.sent["endless"] < MAX_IMAGE_BYTES + 16 * CHUNK  # socket buffers at most


async def test_a_declared_length_over_the_limit_is_refused_unread(cdn: Cdn) -> None:
    async with httpx.AsyncClient(timeout=5) as http:
        with pytest.raises(ImageOutputInvalid, match="too large"):
            await asyncio.wait_for(fetch_image(http, f"{cdn.base}/declared.png"), 3)


async def test_a_data_uri_over_the_limit_is_refused_undecoded() -> None:
    data = base64.b64encode(b"\x00" * (MAX_IMAGE_BYTES + 3)).decode()
    async with httpx.AsyncClient() as http:
        with pytest.raises(ImageOutputInvalid, match="too large"):
            await fetch_image(http, f"data:image/png;base64,{data}")
