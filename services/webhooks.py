"""A user's webhooks (made, listed, deleted over the REST API) and the events they get:
`emit_event` writes one delivery per matching hook (an event reaches a hook once, however
often it is emitted) and queues its delivery job (`services.webhook_delivery`)."""

import base64
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import InvalidInput, NotFound
from core.ports import JobQueue
from core.token_cipher import TokenCipher
from db.models import Webhook, WebhookDelivery
from db.queries import webhooks

EVENTS = ("project.done", "project.failed", "publication.published", "batch.done")
DELIVER_WEBHOOK = "deliver_webhook"
SECRET_PREFIX = "whsec_"  # noqa: S105 - not a secret: the Standard Webhooks form: the HMAC key is the base64 after it
MAX_WEBHOOKS = 10
MAX_URL = 2048


@dataclass(frozen=True, slots=True)
class NewWebhook:
    webhook: Webhook
    secret: str  # shown once; kept sealed


def delivery_job_id(delivery_id: int) -> str:
    return f"webhook:{delivery_id}"


def check_url(url: str) -> str:
    """An http(s) URL with a host (and a valid port), no spaces or control characters."""
    refused = InvalidInput(what="url", reason="an http(s) URL with a host is needed")
    if len(url) > MAX_URL or not url.isprintable() or any(char.isspace() for char in url):
        raise refused
    try:
        parts = urlsplit(url)
        host, _port = parts.hostname, parts.port  # the port is parsed only when asked for
    except ValueError as error:  # "http://[", a port out of range
        raise refused from error
    if parts.scheme not in ("http", "https") or not host:
        raise refused
    return url


async def create_webhook(
    session: AsyncSession, user_id: int, url: str, events: Sequence[str], *, cipher: TokenCipher
) -> NewWebhook:
    """A hook for `events` at `url`, with its signing secret; commits."""
    chosen = sorted(set(events))
    if not chosen or not set(chosen) <= set(EVENTS):
        raise InvalidInput(what="events", reason=f"one or more of {', '.join(EVENTS)}")
    checked = check_url(url)
    if len(await webhooks.live_webhooks(session, user_id)) >= MAX_WEBHOOKS:
        raise InvalidInput(what="webhooks", reason=f"at most {MAX_WEBHOOKS}; delete one first")
    secret = SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()
    hook = Webhook(user_id=user_id, url=checked, events=chosen, secret=cipher.seal(secret))
    session.add(hook)
    await session.commit()
    return NewWebhook(hook, secret)


async def list_webhooks(session: AsyncSession, user_id: int) -> Sequence[Webhook]:
    return await webhooks.live_webhooks(session, user_id)


async def get_webhook(session: AsyncSession, user_id: int, webhook_id: int) -> Webhook:
    """The user's live hook (another user's ID is not found)."""
    hook = await webhooks.get_user_webhook(session, user_id, webhook_id)
    if hook is None:
        raise NotFound(what="webhook")
    return hook


async def delete_webhook(
    session: AsyncSession, user_id: int, webhook_id: int, *, now: datetime
) -> None:
    """No more events go to it (its delivery log stays until the user's data goes); commits."""
    hook = await get_webhook(session, user_id, webhook_id)
    hook.disabled_at = now
    await session.commit()


async def list_deliveries(
    session: AsyncSession, user_id: int, webhook_id: int, *, limit: int = 100
) -> Sequence[WebhookDelivery]:
    """The hook's delivery log, newest first."""
    hook = await get_webhook(session, user_id, webhook_id)
    return await webhooks.deliveries_of(session, hook.id, limit)


async def emit_event(
    session: AsyncSession,
    user_id: int,
    event: str,
    key: str,
    payload: Mapping[str, Any],
    *,
    now: datetime,
    queue: JobQueue | None,
) -> list[int]:
    """Deliver `event` (named once by `key`, e.g. the project's ID) to the user's hooks for
    it; commits, then queues each new delivery (without a queue, the periodic pass does).
    Returns the new deliveries' IDs: none when every hook already had it."""
    body = {"type": event, "timestamp": now.isoformat(), "data": dict(payload)}
    made = []
    for hook in await webhooks.live_webhooks(session, user_id):
        if event in hook.events:
            event_key = f"{event}:{key}"
            found = await webhooks.add_delivery(
                session, hook.id, event, event_key, body=body, now=now
            )
            if found is not None:
                made.append(found)
    await session.commit()
    if queue is not None:
        for delivery_id in made:
            await queue_delivery(queue, delivery_id, user_id)
    return made


async def queue_delivery(queue: JobQueue, delivery_id: int, user_id: int) -> bool:
    return await queue.enqueue(
        DELIVER_WEBHOOK, delivery_id, job_id=delivery_job_id(delivery_id), owner=user_id
    )


async def queue_due_deliveries(session: AsyncSession, queue: JobQueue, *, now: datetime) -> int:
    """The periodic pass: deliveries whose attempt is due and have no job (emitted where no
    queue was at hand, or their deferred job lost with an embedded process) are queued."""
    queued = 0
    for delivery_id, user_id in await webhooks.due_deliveries(session, now, limit=200):
        queued += await queue_delivery(queue, delivery_id, user_id)
    return queued
