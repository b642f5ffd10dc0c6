"""The webhook delivery job, on the `io` queue: one attempt per try, the next one deferred
with the queue's own `Retry` (the delivery row holds the count and the time, so the
periodic pass queues it again if the deferred job is lost)."""

import aiohttp
from arq import Retry

from core.ports import JobQueue
from core.token_cipher import token_cipher
from db.base import utcnow
from pipeline.context import JobCtx
from services.webhook_delivery import DeliveryPolicy, attempt_delivery
from services.webhook_hosts import PublicResolver
from services.webhooks import queue_due_deliveries


async def deliver_webhook(ctx: JobCtx, delivery_id: int) -> None:
    """One attempt; a retryable failure defers the next."""
    settings = ctx["settings"]
    policy = DeliveryPolicy(
        attempts=settings.api.webhook_attempts,
        first_retry_s=settings.api.webhook_first_retry_s,
        timeout_s=settings.api.webhook_timeout_s,
        private_hosts=settings.api.webhook_private_hosts,
    )
    resolver = None if policy.private_hosts else PublicResolver()
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(resolver=resolver)) as http:
        delay = await attempt_delivery(
            ctx["sessionmaker"],
            delivery_id,
            cipher=token_cipher(settings.publishers),
            http=http,
            policy=policy,
            clock=utcnow,
        )
    if delay is not None:
        raise Retry(defer=delay)


async def queue_webhooks(ctx: JobCtx, queue: JobQueue) -> int:
    """The periodic pass: due deliveries without a job are queued."""
    async with ctx["sessionmaker"]() as session:
        return await queue_due_deliveries(session, queue, now=utcnow())
