"""Where a project's progress is shown to the person: the chat message the notifier edits.

One row per project, for its current revision (a redo sends a new message and moves the row
on). Written by the transport that shows it (the bot); a project asked for elsewhere (the
API, a batch) has none.
"""

from sqlalchemy import BigInteger, ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, TimestampMixin


class Delivery(TimestampMixin, Base):
    __tablename__ = "deliveries"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), unique=True
    )
    chat_id: Mapped[int] = mapped_column(BigInteger)
    message_id: Mapped[int] = mapped_column(BigInteger)
    revision: Mapped[int]

    def __repr__(self) -> str:
        return f"Delivery(project_id={self.project_id!r}, revision={self.revision!r})"
