"""Queue routes (submit, status, result, cancel) and the sync run route (fal.md §2).

Submit validates the input against the model table (422), runs the model at once (so the
output is deterministic and ready), and returns URLs on this emulator without the
endpoint's subpath: `fal-ai/flux-pro/v1.1` -> `/fal-ai/flux-pro/requests/{id}`.
"""

from __future__ import annotations

import asyncio
import uuid
from collections import deque
from collections.abc import Callable, Coroutine
from typing import Any

from aiohttp import web

from ..openai.common import RECORD_KEY, ServiceError
from .jobs import WEBHOOK_STEP_SECONDS, Job, JobScript
from .likeness import Painter
from .models import MODELS, ModelSpec, validate
from .outputs import run_model
from .storage import FileStore
from .webhooks import WebhookSender

NAMESPACES = ("workflows", "comfy")
Spawn = Callable[[Coroutine[Any, Any, Any]], "asyncio.Task[Any]"]


def app_path(endpoint: str) -> str:
    parts = endpoint.split("/")
    return "/".join(parts[:3] if parts[0] in NAMESPACES else parts[:2])


class QueueApi:
    def __init__(
        self,
        *,
        store: FileStore,
        webhooks: WebhookSender,
        clock: Callable[[], float],
        base_url: Callable[[], str],
        spawn: Spawn,
        script: JobScript,
    ) -> None:
        self.store, self.webhooks, self.clock = store, webhooks, clock
        self.base_url, self.spawn = base_url, spawn
        self.default_script = script
        self.painter: Painter | None = None  # draws a person into each picture
        self.scripts: deque[JobScript] = deque()
        self.jobs: dict[str, Job] = {}
        # Jobs submitted whose result was not fetched yet (nor cancelled): a client's
        # concurrency, as fal sees it. `max_active` is the most at any moment.
        self.active: set[str] = set()
        self.max_active = 0

    def _spec(self, endpoint: str) -> ModelSpec:
        spec = MODELS.get(endpoint)
        if spec is None:
            raise ServiceError(404, "not_found", f"Application '{endpoint}' not found")
        return spec

    def _prepare(self, request: web.Request) -> tuple[str, dict[str, Any], JobScript, Any]:
        endpoint = request.match_info["app"]
        spec = self._spec(endpoint)
        inputs = validate(spec, request[RECORD_KEY].json)
        script = self.scripts.popleft() if self.scripts else self.default_script
        output = run_model(spec, inputs, self.store, nsfw=script.nsfw, painter=self.painter)
        return endpoint, inputs, script, output

    async def submit(self, request: web.Request) -> web.Response:
        endpoint, inputs, script, output = self._prepare(request)
        request_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{endpoint}|{len(self.jobs)}"))
        job = Job(
            request_id,
            endpoint,
            app_path(endpoint),
            inputs,
            script,
            self.clock(),
            output,
            webhook_url=request.query.get("fal_webhook"),
        )
        self.jobs[request_id] = job
        self.active.add(request_id)
        self.max_active = max(self.max_active, len(self.active))
        request[RECORD_KEY].notes["request_id"] = request_id
        if job.webhook_url:
            self.spawn(self._complete_later(job))
        base = f"{self.base_url()}/{job.app_path}/requests/{request_id}"
        payload = {
            "request_id": request_id,
            "gateway_request_id": request_id,
            "response_url": base,
            "status_url": f"{base}/status",
            "cancel_url": f"{base}/cancel",
            "queue_position": max(script.queue_steps - 1, 0),
        }
        return web.json_response(payload, headers={"x-fal-request-id": request_id})

    async def _complete_later(self, job: Job) -> None:
        step = job.script.step_seconds
        await asyncio.sleep((WEBHOOK_STEP_SECONDS if step is None else step) * job.total_steps)
        job.finish()
        await self.webhooks.deliver(job)

    def _job(self, request: web.Request) -> Job:
        job = self.jobs.get(request.match_info["request_id"])
        if job is None or job.app_path != request.match_info["app"]:
            raise ServiceError(404, "not_found", "Request not found")
        request[RECORD_KEY].notes["request_id"] = job.request_id
        return job

    async def status(self, request: web.Request) -> web.Response:
        job = self._job(request)
        with_logs = request.query.get("logs", "false").lower() in ("true", "1")
        body = job.poll(self.clock(), with_logs)
        request[RECORD_KEY].notes["status"] = body["status"]
        return web.json_response(body, headers={"x-fal-request-id": job.request_id})

    async def result(self, request: web.Request) -> web.Response:
        job = self._job(request)
        if not job.ready(self.clock()):
            raise ServiceError(400, "request_in_progress", "Request is still in progress")
        self.active.discard(job.request_id)
        if job.error is not None:
            status = 400 if job.cancelled else job.script.error_status
            code = "request_cancelled" if job.cancelled else job.script.error_type or ""
            raise ServiceError(status, code, job.error)
        return web.json_response(job.output, headers={"x-fal-request-id": job.request_id})

    async def cancel(self, request: web.Request) -> web.Response:
        job = self._job(request)
        job.cancel_calls += 1
        if job.ready(self.clock()):
            return web.json_response({"status": "ALREADY_COMPLETED"}, status=400)
        job.cancelled = True
        self.active.discard(job.request_id)
        job.status(self.clock())
        return web.json_response({"status": "CANCELLATION_REQUESTED"}, status=202)

    async def run(self, request: web.Request) -> web.Response:
        _, _, script, output = self._prepare(request)
        if script.error is not None:
            raise ServiceError(script.error_status, script.error_type or "", script.error)
        return web.json_response(output)
