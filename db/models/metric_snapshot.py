"""What a platform said about one published post at one moment: append-only, never updated.

A None count is "the platform gave no number" (not collected, not offered, not enough viewers),
never 0. `extra` keeps what only one platform gives (YouTube `engaged_views`, X impressions,
Instagram reach, Telegram reactions by emoji) under its own name.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Float, ForeignKey, Index
from sqlalchemy.orm import Mapped, mapped_column

from core.enums import Platform
from db.base import Base, JSONType


class MetricSnapshot(Base):
    __tablename__ = "metric_snapshots"
    __table_args__ = (Index(None, "publication_id", "taken_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    publication_id: Mapped[int] = mapped_column(ForeignKey("publications.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    platform: Mapped[Platform]
    taken_at: Mapped[datetime] = mapped_column(index=True)
    views: Mapped[int | None] = mapped_column(BigInteger)
    likes: Mapped[int | None] = mapped_column(BigInteger)
    comments: Mapped[int | None] = mapped_column(BigInteger)
    shares: Mapped[int | None] = mapped_column(BigInteger)
    saves: Mapped[int | None] = mapped_column(BigInteger)
    watch_time_s: Mapped[float | None] = mapped_column(Float)
    extra: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)

    def __repr__(self) -> str:
        return f"MetricSnapshot(publication_id={self.publication_id!r}, views={self.views!r})"
