"""Where a user's API events go (`project.done`, `publication.published`, ...) and each
attempt to deliver one: the body is kept so a retry sends the same bytes, signed again."""

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.enums import WebhookDeliveryStatus
from core.sealed import Sealed
from db.base import Base, JSONType, TimestampMixin
from db.encrypted import SealedText


class Webhook(TimestampMixin, Base):
    __tablename__ = "webhooks"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    url: Mapped[str] = mapped_column(String(2048))
    events: Mapped[list[str]] = mapped_column(JSONType)
    # The HMAC key the receiver checks signatures with (shown once when made), sealed at rest.
    secret: Mapped[Sealed] = mapped_column(SealedText)
    disabled_at: Mapped[datetime | None]

    def __repr__(self) -> str:
        return f"Webhook(id={self.id!r}, user_id={self.user_id!r})"


class WebhookDelivery(TimestampMixin, Base):
    __tablename__ = "webhook_deliveries"

    id: Mapped[int] = mapped_column(primary_key=True)
    webhook_id: Mapped[int] = mapped_column(
        ForeignKey("webhooks.id", ondelete="CASCADE"), index=True
    )
    event: Mapped[str] = mapped_column(String(64))
    # One event is delivered once per hook: `event_key` names it (e.g. "project.done:12:3").
    event_key: Mapped[str] = mapped_column(String(128))
    payload: Mapped[dict[str, Any]] = mapped_column(JSONType)
    status: Mapped[WebhookDeliveryStatus]
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    next_attempt_at: Mapped[datetime | None]
    response_status: Mapped[int | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    delivered_at: Mapped[datetime | None]

    __table_args__ = (UniqueConstraint("webhook_id", "event_key"),)

    def __repr__(self) -> str:
        return f"WebhookDelivery(id={self.id!r}, event={self.event!r}, status={self.status!r})"
