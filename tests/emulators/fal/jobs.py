"""Queue jobs and their scripted progress: IN_QUEUE (positions n-1..0) -> IN_PROGRESS -> COMPLETED.

By default each status poll is one step, so `JobScript(queue_steps=2, progress_steps=2)`
answers the polls Q(1), Q(0), P, P, then COMPLETED. With `step_seconds` the step is the
time since submission divided by it instead (jobs with a webhook always advance by time).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

Status = Literal["IN_QUEUE", "IN_PROGRESS", "COMPLETED"]
WEBHOOK_STEP_SECONDS = 0.02


@dataclass(frozen=True)
class JobScript:
    """How one job behaves. `error` makes it complete with that error: the status says
    so and the result is `error_status` with `{"detail": error}`. `nsfw` flags (and
    blacks out) every image."""

    queue_steps: int = 2
    progress_steps: int = 2
    step_seconds: float | None = None
    error: str | None = None
    error_type: str | None = None
    error_status: int = 500
    nsfw: bool = False
    inference_time: float = 0.5


@dataclass
class Job:
    request_id: str
    endpoint: str
    app_path: str  # owner/alias (namespace kept), without the endpoint's subpath
    inputs: dict[str, Any]
    script: JobScript
    created: float
    output: dict[str, Any] | None
    webhook_url: str | None = None
    polls: int = 0
    cancel_calls: int = 0
    cancelled: bool = False
    transitions: list[Status] = field(default_factory=list)
    _step: int = 0
    _finished: bool = False

    @property
    def total_steps(self) -> int:
        return self.script.queue_steps + self.script.progress_steps

    def step_at(self, now: float) -> int:
        seconds = self.script.step_seconds
        if seconds is None and self.webhook_url:
            seconds = WEBHOOK_STEP_SECONDS
        if self.cancelled or self._finished:
            return self.total_steps
        if seconds is None:
            return self._step
        return self.total_steps if seconds <= 0 else math.floor((now - self.created) / seconds)

    def status(self, now: float) -> Status:
        step = self.step_at(now)
        if step < self.script.queue_steps:
            status: Status = "IN_QUEUE"
        elif step < self.total_steps:
            status = "IN_PROGRESS"
        else:
            status = "COMPLETED"
        if not self.transitions or self.transitions[-1] != status:
            self.transitions.append(status)
        return status

    def finish(self) -> None:
        """Jump to COMPLETED (tests, or a webhook job whose time has come)."""
        self._finished = True
        self.status(self.created)

    @property
    def error(self) -> str | None:
        return "Request was cancelled." if self.cancelled else self.script.error

    def logs(self, now: float) -> list[dict[str, Any]]:
        done = min(self.step_at(now) - self.script.queue_steps + 1, self.script.progress_steps)
        stamp = datetime.fromtimestamp(self.created, UTC).isoformat()
        return [
            {"message": f"step {i + 1}/{self.script.progress_steps}", "level": "INFO",
             "source": "user", "timestamp": stamp}
            for i in range(max(done, 0))
        ]  # fmt: skip

    def poll(self, now: float, with_logs: bool) -> dict[str, Any]:
        """The status JSON for one poll; poll-driven jobs then advance one step."""
        self.polls += 1
        status = self.status(now)
        body: dict[str, Any] = {"status": status, "request_id": self.request_id}
        if status == "IN_QUEUE":
            body["queue_position"] = self.script.queue_steps - 1 - self.step_at(now)
        else:
            body["logs"] = self.logs(now) if with_logs else None
        if status == "COMPLETED":
            body["metrics"] = {"inference_time": self.script.inference_time}
            if self.error is not None:
                body["error"] = self.error
                body["error_type"] = self.script.error_type or "request_error"
        self._step += 1
        return body

    def ready(self, now: float) -> bool:
        return self.status(now) == "COMPLETED"
