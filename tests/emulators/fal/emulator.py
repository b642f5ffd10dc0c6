"""FalEmulator: queue, sync run, storage and webhooks for fal-client on one local port."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

import fal_client
from aiohttp import web

from ..openai.common import AuthState, EmulatorServer, Fault, Route, ServiceError
from .client import patched_fal_hosts
from .faults import FalFaults
from .jobs import Job, JobScript
from .likeness import Painter
from .queue import QueueApi
from .storage import FileStore, StorageApi
from .webhooks import WebhookSender

DEFAULT_KEY = "fal-test-key:emulator-secret"


class FalEmulator(EmulatorServer[FalFaults]):
    """One port plays every fal host: queue (`/{app}`), run (`/run/{app}`), REST
    (`/storage/...`) and CDN (`/files/...`). Point the client with `client()` or
    `patched_fal_hosts(emulator.base_url)`.

    >>> async with FalEmulator(queue_steps=1, progress_steps=1) as emulator:
    ...     async with emulator.client() as fal:
    ...         await fal.subscribe("fal-ai/flux-pro/v1.1", {"prompt": "a cat"})
    """

    def __init__(
        self,
        key: str = DEFAULT_KEY,
        *,
        queue_steps: int = 2,
        progress_steps: int = 2,
        step_seconds: float | None = None,
        clock: Callable[[], float] = time.time,
        painter: Painter | None = None,
    ) -> None:
        self.key = key
        self.store = FileStore(lambda: self.base_url)
        self.storage = StorageApi(self.store, clock)
        self.webhooks = WebhookSender()
        script = JobScript(queue_steps, progress_steps, step_seconds)
        self.queue = QueueApi(
            store=self.store,
            webhooks=self.webhooks,
            clock=clock,
            base_url=lambda: self.base_url,
            spawn=self.spawn,
            script=script,
        )
        self.queue.painter = painter
        super().__init__(FalFaults())

    @property
    def jobs(self) -> dict[str, Job]:
        return self.queue.jobs

    def job(self, request_id: str) -> Job:
        return self.queue.jobs[request_id]

    @property
    def last_job(self) -> Job:
        return list(self.queue.jobs.values())[-1]

    @property
    def painter(self) -> Painter | None:
        """What draws a person into each picture (see `likeness`); None: faceless pictures."""
        return self.queue.painter

    @painter.setter
    def painter(self, painter: Painter | None) -> None:
        self.queue.painter = painter

    def script_next(self, *scripts: JobScript) -> None:
        """The next submissions (or sync runs) behave as these scripts, in order."""
        self.queue.scripts.extend(scripts)

    @asynccontextmanager
    async def client(self, key: str | None = None) -> AsyncIterator[fal_client.AsyncClient]:
        """A real `fal_client.AsyncClient` with its hosts patched to this emulator; its
        HTTP client is closed and the module constants restored on exit."""
        client = fal_client.AsyncClient(key=key or self.key)
        with patched_fal_hosts(self.base_url):
            try:
                yield client
            finally:
                if "_client" in vars(client):  # created lazily by the first call
                    await (await client._client).aclose()

    async def stop(self) -> None:
        await super().stop()
        await self.webhooks.close()

    def routes(self) -> list[Route]:
        queue, storage = self.queue, self.storage
        return [
            Route("POST", "/storage/auth/token", storage.cdn_token, "cdn_token"),
            Route("POST", "/storage/upload/initiate", storage.initiate, "upload_initiate"),
            Route("PUT", "/storage/gcs/{upload_id}", storage.put, "upload_put", auth=False),
            Route("POST", "/files/upload", storage.cdn_upload, "cdn_upload", auth=False),
            Route("GET", "/files/{file_id}/{name}", storage.serve, "file", auth=False),
            Route("POST", "/run/{app:.+}", queue.run, "run"),
            Route("GET", "/{app:.+}/requests/{request_id}/status", queue.status, "status"),
            Route("PUT", "/{app:.+}/requests/{request_id}/cancel", queue.cancel, "cancel"),
            Route("GET", "/{app:.+}/requests/{request_id}", queue.result, "result"),
            Route("POST", "/{app:.+}", queue.submit, "submit"),
        ]

    def check_auth(self, request: web.Request) -> AuthState:
        header = request.headers.get("Authorization")
        if not header:
            return "missing"
        return "ok" if header == f"Key {self.key}" else "bad"

    def auth_error(self, state: AuthState) -> ServiceError:
        return ServiceError(401, "", "No user found for Key ID and Secret")

    def lost_answer(self, route: str, response: web.StreamResponse, fault: Fault) -> web.Response:
        """fal's queue names the request in `x-fal-request-id` on its own errors too, so an
        accepted job whose answer is lost can be looked up by that id."""
        lost = super().lost_answer(route, response, fault)
        request_id = response.headers.get("x-fal-request-id")
        if request_id:
            lost.headers["x-fal-request-id"] = request_id
        return lost

    def error_response(self, error: ServiceError) -> web.Response:
        detail = error.detail if error.detail is not None else error.message
        body: dict[str, object] = {"detail": detail}
        headers = dict(error.headers)
        if error.code:
            body["error_type"] = error.code
            headers.setdefault("x-fal-error-type", error.code)
        return web.json_response(body, status=error.status, headers=headers)
