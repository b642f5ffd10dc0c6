"""Webhooks by their owner, and their deliveries: the once-per-hook row of an event, the
log of a hook, and the deliveries due for another attempt."""

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.enums import WebhookDeliveryStatus
from db.models import Webhook, WebhookDelivery
from db.upsert import insert_ignore


async def live_webhooks(session: AsyncSession, user_id: int) -> Sequence[Webhook]:
    """The user's webhooks not deleted, oldest first."""
    query = select(Webhook).where(Webhook.user_id == user_id, Webhook.disabled_at.is_(None))
    return (await session.scalars(query.order_by(Webhook.id))).all()


async def get_user_webhook(session: AsyncSession, user_id: int, webhook_id: int) -> Webhook | None:
    """The user's live webhook with this ID; None for an unknown, deleted or another's."""
    query = select(Webhook).where(
        Webhook.id == webhook_id, Webhook.user_id == user_id, Webhook.disabled_at.is_(None)
    )
    return await session.scalar(query)


async def add_delivery(
    session: AsyncSession,
    webhook_id: int,
    event: str,
    event_key: str,
    *,
    body: Mapping[str, Any],
    now: datetime,
) -> int | None:
    """The event's delivery row for this hook, due `now`; None when the hook already has it."""
    values = {
        "webhook_id": webhook_id,
        "event": event,
        "event_key": event_key,
        "payload": dict(body),
        "status": WebhookDeliveryStatus.PENDING,
        "next_attempt_at": now,
    }
    if not await insert_ignore(session, WebhookDelivery, values, ["webhook_id", "event_key"]):
        return None
    query = select(WebhookDelivery.id).where(
        WebhookDelivery.webhook_id == webhook_id, WebhookDelivery.event_key == event_key
    )
    return (await session.scalars(query)).one()


async def delivery_with_hook(
    session: AsyncSession, delivery_id: int
) -> tuple[WebhookDelivery, Webhook] | None:
    query = select(WebhookDelivery, Webhook).join(Webhook)
    row = (await session.execute(query.where(WebhookDelivery.id == delivery_id))).first()
    return None if row is None else (row[0], row[1])


async def deliveries_of(
    session: AsyncSession, webhook_id: int, limit: int
) -> Sequence[WebhookDelivery]:
    """The hook's newest deliveries first."""
    query = select(WebhookDelivery).where(WebhookDelivery.webhook_id == webhook_id)
    return (await session.scalars(query.order_by(WebhookDelivery.id.desc()).limit(limit))).all()


async def due_deliveries(
    session: AsyncSession, now: datetime, limit: int
) -> Sequence[tuple[int, int]]:
    """(delivery ID, owner's user ID) of pending deliveries whose attempt is due (a deleted
    hook's too: their attempt settles them as failed)."""
    query = (
        select(WebhookDelivery.id, Webhook.user_id)
        .join(Webhook)
        .where(
            WebhookDelivery.status == WebhookDeliveryStatus.PENDING,
            WebhookDelivery.next_attempt_at <= now,
        )
        .order_by(WebhookDelivery.next_attempt_at)
        .limit(limit)
    )
    return [(row[0], row[1]) for row in (await session.execute(query)).all()]
