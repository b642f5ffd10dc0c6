"""/api/webhooks: where the caller's events go (`project.done`, `project.failed`,
`publication.published`, `batch.done`), signed with a secret shown once, and each hook's
delivery log."""

from datetime import datetime
from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field

from api.rest.ids import PathId
from api.rest_deps import Caller, Rest, Session
from core.token_cipher import token_cipher
from db.models import Webhook, WebhookDelivery
from services import webhooks

router = APIRouter(prefix="/webhooks", tags=["webhooks"])
Event = Literal["project.done", "project.failed", "publication.published", "batch.done"]
WebhookId = PathId


class WebhookIn(BaseModel):
    url: str = Field(
        min_length=1, max_length=webhooks.MAX_URL, examples=["https://example.com/hook"]
    )
    events: list[Event] = Field(min_length=1, max_length=len(webhooks.EVENTS))


class WebhookOut(BaseModel):
    id: int
    url: str
    events: list[str]
    created_at: datetime

    @classmethod
    def of(cls, hook: Webhook) -> "WebhookOut":
        return cls(id=hook.id, url=hook.url, events=hook.events, created_at=hook.created_at)


class NewWebhookOut(WebhookOut):
    secret: str = Field(
        description="The signing key (Standard Webhooks: `whsec_` + base64), shown this once."
    )


class DeliveryOut(BaseModel):
    id: int
    event: str
    status: str
    attempts: int
    response_status: int | None
    last_error: str | None
    next_attempt_at: datetime | None
    delivered_at: datetime | None
    created_at: datetime

    @classmethod
    def of(cls, item: WebhookDelivery) -> "DeliveryOut":
        return cls(
            id=item.id,
            event=item.event,
            status=item.status.value,
            attempts=item.attempts,
            response_status=item.response_status,
            last_error=item.last_error,
            next_attempt_at=item.next_attempt_at,
            delivered_at=item.delivered_at,
            created_at=item.created_at,
        )


@router.post("", status_code=201)
async def create_webhook(
    body: WebhookIn, caller: Caller, session: Session, rest: Rest
) -> NewWebhookOut:
    """Register a URL for events; the answer holds the signing secret, shown only here."""
    made = await webhooks.create_webhook(
        session,
        caller.user_id,
        body.url,
        body.events,
        cipher=token_cipher(rest.settings.publishers),
    )
    return NewWebhookOut(**WebhookOut.of(made.webhook).model_dump(), secret=made.secret)


@router.get("")
async def list_webhooks(caller: Caller, session: Session) -> list[WebhookOut]:
    """The caller's webhooks (their secrets are never shown again)."""
    return [WebhookOut.of(hook) for hook in await webhooks.list_webhooks(session, caller.user_id)]


@router.delete("/{webhook_id}", status_code=204)
async def delete_webhook(
    webhook_id: WebhookId, caller: Caller, session: Session, rest: Rest
) -> None:
    """Stop sending events to the webhook."""
    await webhooks.delete_webhook(session, caller.user_id, webhook_id, now=rest.clock())


@router.get("/{webhook_id}/deliveries")
async def list_deliveries(
    webhook_id: WebhookId, caller: Caller, session: Session
) -> list[DeliveryOut]:
    """The webhook's delivery log, newest first: every event, its attempts and last answer."""
    found = await webhooks.list_deliveries(session, caller.user_id, webhook_id)
    return [DeliveryOut.of(item) for item in found]
