"""A batch: many Shorts asked for at once, made in parallel, reported in one message.

Each topic is a project with `batch_id` set (its `batch_index` is the topic's place in the
list), created together with the batch in one commit, so a restart of every process finds
the batch and each project where they were: the projects resume as any other.
"""

from datetime import datetime
from decimal import Decimal

from sqlalchemy import BigInteger, Float, ForeignKey, Numeric
from sqlalchemy.orm import Mapped, mapped_column

from core.batch_options import BatchOptions
from core.enums import BatchStatus
from db.base import Base, TimestampMixin
from db.types import PydanticJSON


class Batch(TimestampMixin, Base):
    __tablename__ = "batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    status: Mapped[BatchStatus] = mapped_column(index=True)
    options: Mapped[BatchOptions] = mapped_column(PydanticJSON(BatchOptions))
    total: Mapped[int]
    # Where the one progress message lives (None: not sent yet, or not a chat batch).
    chat_id: Mapped[int | None] = mapped_column(BigInteger)
    progress_message_id: Mapped[int | None]
    estimate_s: Mapped[float | None] = mapped_column(Float)
    estimate_usd: Mapped[Decimal | None] = mapped_column(Numeric(12, 6))
    started_at: Mapped[datetime | None]
    completed_at: Mapped[datetime | None]
    summary_sent_at: Mapped[datetime | None]

    def __repr__(self) -> str:
        return f"Batch(id={self.id!r}, status={self.status!r}, total={self.total!r})"
