"""A Telegram conversation's FSM state and data, kept so embedded mode survives a restart."""

from datetime import datetime
from typing import Any

from sqlalchemy import String, func
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, JSONType


class FsmState(Base):
    __tablename__ = "fsm_states"

    # aiogram's storage key, built by its DefaultKeyBuilder ("fsm:<bot>:<chat>:<user>:...").
    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    state: Mapped[str | None] = mapped_column(String(255))
    data: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    updated_at: Mapped[datetime] = mapped_column(server_default=func.now(), onupdate=func.now())

    def __repr__(self) -> str:
        return f"FsmState(key={self.key!r}, state={self.state!r})"
