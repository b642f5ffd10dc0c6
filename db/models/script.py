"""The current script of a project: one row per project, a rewrite replaces it."""

from typing import TYPE_CHECKING, Any

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.base import Base, JSONType, TimestampMixin

if TYPE_CHECKING:
    from db.models.project import Project


class Script(TimestampMixin, Base):
    __tablename__ = "scripts"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), unique=True
    )
    language: Mapped[str] = mapped_column(String(8))
    hook: Mapped[str] = mapped_column(Text)
    points: Mapped[list[str]] = mapped_column(JSONType, default=list)
    cta: Mapped[str] = mapped_column(Text)
    # [{"index": 0, "text": ..., "visual_prompt": ..., "start": 0.0, "end": 3.2}, ...]
    scenes: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)
    title: Mapped[str] = mapped_column(String(256))
    description: Mapped[str] = mapped_column(Text)
    hashtags: Mapped[list[str]] = mapped_column(JSONType, default=list)
    # Which writer produced it ("offline", "openai", ...).
    writer: Mapped[str] = mapped_column(String(64))

    project: Mapped["Project"] = relationship(back_populates="script", lazy="raise")

    def __repr__(self) -> str:
        return f"Script(id={self.id!r}, project_id={self.project_id!r}, title={self.title!r})"
