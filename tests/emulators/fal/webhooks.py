"""Webhook delivery: when a job with `?fal_webhook=` completes, POST fal's envelope to it.

Envelope (fal.md §3): `{request_id, gateway_request_id, status: "OK"|"ERROR", payload,
error}`. A non-2xx answer or a connection error is retried up to `attempts` times;
`drop_first` loses the first attempt on the way (the receiver never sees it) and
`duplicate` delivers a second time after success, to test idempotent receivers.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

import aiohttp

from .jobs import Job


@dataclass
class Delivery:
    url: str
    request_id: str
    payload: dict[str, Any]
    attempt: int
    status: int | None  # receiver's answer; None = dropped or connection failed


class WebhookSender:
    def __init__(self) -> None:
        self.deliveries: list[Delivery] = []
        self.attempts = 3
        self.retry_delay = 0.05
        self.drop_first = False
        self.duplicate = False
        self._session: aiohttp.ClientSession | None = None

    def envelope(self, job: Job) -> dict[str, Any]:
        failed = job.error is not None
        return {
            "request_id": job.request_id,
            "gateway_request_id": job.request_id,
            "status": "ERROR" if failed else "OK",
            "payload": {"detail": job.error} if failed else job.output,
            "error": job.error,
        }

    async def _post(self, url: str, payload: dict[str, Any]) -> int | None:
        if self._session is None:
            self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=15))
        try:
            async with self._session.post(url, json=payload) as response:
                await response.read()
                return response.status
        except (aiohttp.ClientError, TimeoutError):
            return None

    async def deliver(self, job: Job) -> None:
        assert job.webhook_url is not None
        payload = self.envelope(job)
        rounds = 2 if self.duplicate else 1
        for _ in range(rounds):
            for attempt in range(1, self.attempts + 1):
                dropped = self.drop_first and not self.deliveries
                status = None if dropped else await self._post(job.webhook_url, payload)
                self.deliveries.append(
                    Delivery(job.webhook_url, job.request_id, payload, attempt, status)
                )
                if status is not None and 200 <= status < 300:
                    break
                await asyncio.sleep(self.retry_delay)

    def delivered(self, request_id: str | None = None) -> list[Delivery]:
        """Deliveries the receiver accepted (2xx)."""
        return [
            d for d in self.deliveries
            if d.status is not None and 200 <= d.status < 300
            and (request_id is None or d.request_id == request_id)
        ]  # fmt: skip

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None
