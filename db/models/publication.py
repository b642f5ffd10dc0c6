"""One Short published to one account: its state machine (core.enums.PublicationState),
when it is due, what the post says, and the ledger of IDs a try resumes from.

`(project_id, account_id, repost)` is unique: a second publication of the same Short to the
same account cannot be made by accident; a deliberate repost takes the next `repost`.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.enums import MetricsState, Platform, ProjectOrigin, PublicationState
from core.post_options import PostChoices
from db.base import Base, JSONType, TimestampMixin
from db.types import PydanticJSON


class Publication(TimestampMixin, Base):
    __tablename__ = "publications"
    __table_args__ = (UniqueConstraint("project_id", "account_id", "repost"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    account_id: Mapped[int] = mapped_column(
        ForeignKey("social_accounts.id", ondelete="CASCADE"), index=True
    )
    platform: Mapped[Platform]
    origin: Mapped[ProjectOrigin] = mapped_column(
        default=ProjectOrigin.CHAT, server_default=ProjectOrigin.CHAT.value
    )  # where its reports go
    repost: Mapped[int] = mapped_column(default=0, server_default="0")
    state: Mapped[PublicationState] = mapped_column(index=True)
    due_at: Mapped[datetime | None] = mapped_column(index=True)  # None: as soon as possible
    choices: Mapped[PostChoices] = mapped_column(PydanticJSON(PostChoices), default=PostChoices)
    ledger: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    post_id: Mapped[str | None] = mapped_column(String(128))
    post_url: Mapped[str | None] = mapped_column(String(512))
    error_key: Mapped[str | None] = mapped_column(String(64))
    error: Mapped[str | None] = mapped_column(Text)
    tries: Mapped[int] = mapped_column(default=0, server_default="0")
    lease_owner: Mapped[str | None] = mapped_column(String(128))
    lease_until: Mapped[datetime | None]
    started_at: Mapped[datetime | None] = mapped_column(index=True)  # first try: quotas count it
    published_at: Mapped[datetime | None]
    # Metrics collection: when the next read is due (None: never again or not published),
    # when the last one ran and what it found (None: never read).
    metrics_due_at: Mapped[datetime | None] = mapped_column(index=True)
    metrics_read_at: Mapped[datetime | None]
    metrics_state: Mapped[MetricsState | None]

    def __repr__(self) -> str:
        return f"Publication(id={self.id!r}, platform={self.platform!r}, state={self.state!r})"
