"""Records of what happened: API requests, uploads, button presses, events, webhook state."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .models import EmuUser


@dataclass(frozen=True)
class RecordedUpload:
    field: str
    filename: str | None
    content_type: str | None
    size: int
    sha256: str


@dataclass
class RecordedRequest:
    """One HTTP call to `/bot<token>/<method>`, with decoded params and the answer sent."""

    seq: int
    time: float
    token: str
    method: str
    http_method: str
    content_type: str
    params: dict[str, Any]
    uploads: list[RecordedUpload]
    status: int = 200
    response: dict[str, Any] | None = None
    fault: str | None = None
    chat_id: int | None = None
    implemented: bool = True
    duration: float = 0.0

    @property
    def ok(self) -> bool:
        return self.status == 200 and bool(self.response and self.response.get("ok"))

    @property
    def result(self) -> Any:
        return (self.response or {}).get("result")

    @property
    def description(self) -> str | None:
        return (self.response or {}).get("description")


@dataclass
class CallbackRecord:
    """A button press by a user and how (whether) the bot answered it."""

    id: str
    user: EmuUser
    chat_id: int
    message_id: int
    data: str
    created_at: float
    update: dict[str, Any] | None = None
    answered: bool = False
    answered_at: float | None = None
    answer_text: str | None = None
    show_alert: bool = False
    url: str | None = None
    cache_time: int | None = None


@dataclass(frozen=True)
class Event:
    """Something observable happened (bot sent/edited/deleted, answered, user acted, request)."""

    seq: int
    time: float
    kind: str
    chat_id: int | None
    message_id: int | None = None
    data: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "time": self.time,
            "kind": self.kind,
            "chat_id": self.chat_id,
            "message_id": self.message_id,
            "data": self.data,
        }


@dataclass
class WebhookConfig:
    url: str
    secret_token: str | None = None
    max_connections: int = 40
    last_error_date: int | None = None
    last_error_message: str | None = None
    delivered: int = 0
