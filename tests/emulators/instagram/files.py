"""A stand-in for the web app's signed media URL: serves bytes for the emulator's video_url
pull, counts the fetches, and can refuse the next ones."""

from __future__ import annotations

import secrets
from types import TracebackType
from typing import Self

from aiohttp import web


class FileHost:
    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.fetches: list[str] = []
        self.fail_next = 0
        self.base_url = ""
        app = web.Application()
        app.router.add_get("/media/{name}", self._serve)
        self._runner = web.AppRunner(app)

    def host(self, data: bytes) -> str:
        """The URL the platform can pull `data` from."""
        name = secrets.token_hex(8) + ".mp4"
        self.files[name] = data
        return f"{self.base_url}/media/{name}?signature={secrets.token_hex(8)}"

    async def _serve(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        self.fetches.append(name)
        if self.fail_next > 0:
            self.fail_next -= 1
            return web.Response(status=503, text="unavailable")
        if name not in self.files:
            return web.Response(status=404)
        return web.Response(body=self.files[name], content_type="video/mp4")

    async def __aenter__(self) -> Self:
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        host, port = self._runner.addresses[0][:2]
        self.base_url = f"http://{host}:{port}"
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self._runner.cleanup()
