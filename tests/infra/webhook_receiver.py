"""A webhook receiver on loopback: an aiohttp server that records every request and answers
with the statuses it is told (then 200), and checks Standard Webhooks signatures."""

import asyncio
import base64
import hashlib
import hmac
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web


@dataclass(frozen=True, slots=True)
class Received:
    headers: dict[str, str]
    body: bytes
    at: float  # loop time of arrival

    @property
    def json(self) -> dict[str, Any]:
        loaded: dict[str, Any] = json.loads(self.body)
        return loaded

    def signed_by(self, secret: str) -> bool:
        """The signature checked as a receiver checks it (whsec_ + base64 key)."""
        key = base64.b64decode(secret.removeprefix("whsec_"))
        signed = f"{self.headers['Webhook-Id']}.{self.headers['Webhook-Timestamp']}.".encode()
        digest = hmac.new(key, signed + self.body, hashlib.sha256).digest()
        expected = "v1," + base64.b64encode(digest).decode()
        return hmac.compare_digest(expected, self.headers["Webhook-Signature"])


@dataclass
class WebhookReceiver:
    url: str = ""
    answers: list[int] = field(default_factory=list)  # statuses to answer with, then 200
    received: list[Received] = field(default_factory=list)
    arrived: asyncio.Event = field(default_factory=asyncio.Event)

    async def handle(self, request: web.Request) -> web.Response:
        self.received.append(
            Received(
                dict(request.headers), await request.read(), asyncio.get_running_loop().time()
            )
        )
        self.arrived.set()
        return web.Response(status=self.answers.pop(0) if self.answers else 200)

    async def wait_for(self, count: int, timeout: float = 20.0) -> list[Received]:  # noqa: ASYNC109
        async with asyncio.timeout(timeout):
            while len(self.received) < count:
                self.arrived.clear()
                await self.arrived.wait()
        return self.received


@asynccontextmanager
async def webhook_receiver() -> AsyncIterator[WebhookReceiver]:
    receiver = WebhookReceiver()
    app = web.Application()
    app.router.add_post("/hook", receiver.handle)
    runner = web.AppRunner(app, shutdown_timeout=1.0)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    port = runner.addresses[0][1]
    receiver.url = f"http://127.0.0.1:{port}/hook"
    try:
        yield receiver
    finally:
        await runner.cleanup()
