"""Delivering updates to a webhook set with setWebhook (loopback URLs only), one at a time."""

from __future__ import annotations

import asyncio
import contextlib
import logging

import aiohttp

from .state import EmulatorState

logger = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 - a header name


class WebhookSender:
    """POSTs each pending Update as JSON; a 2xx confirms it, anything else is retried."""

    def __init__(self, state: EmulatorState, retry_delay: float = 1.0) -> None:
        self.state = state
        self.retry_delay = retry_delay
        self._task: asyncio.Task[None] | None = None
        self._session: aiohttp.ClientSession | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="telegram-emulator-webhook")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        if self._session is not None:
            await self._session.close()
            self._session = None

    def _ready(self) -> bool:
        updates = self.state.updates
        return updates.notifier.closed or (
            self.state.webhook is not None and bool(updates.select(1))
        )

    async def _run(self) -> None:
        updates = self.state.updates
        while True:
            await updates.notifier.wait_for(self._ready, timeout=3600)
            if updates.notifier.closed:
                return
            if self.state.webhook is None or not updates.pending:
                continue
            if not await self._deliver_first():
                await asyncio.sleep(self.retry_delay)

    async def _deliver_first(self) -> bool:
        hook = self.state.webhook
        update = self.state.updates.pending[0]
        if hook is None:
            return False
        if self._session is None:
            self._session = aiohttp.ClientSession()
        headers = {SECRET_HEADER: hook.secret_token} if hook.secret_token else {}
        try:
            timeout = aiohttp.ClientTimeout(total=60)
            async with self._session.post(
                hook.url, json=update, headers=headers, timeout=timeout
            ) as resp:
                await resp.read()
                if 200 <= resp.status < 300:
                    self.state.updates.acknowledge(update)
                    hook.delivered += 1
                    return True
                error = f"Wrong response from the webhook: {resp.status} {resp.reason}"
        except (aiohttp.ClientError, TimeoutError) as exc:
            error = f"Connection failed: {type(exc).__name__}: {exc}"
        logger.info("webhook delivery of update %s failed: %s", update["update_id"], error)
        hook.last_error_date = self.state.now()
        hook.last_error_message = error
        return False
