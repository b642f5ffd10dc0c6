"""One stage of one project: the row with status "done" is the stage marker."""

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Float, ForeignKey, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.enums import StageName, StageStatus
from db.base import Base

if TYPE_CHECKING:
    from db.models.artifact import Artifact
    from db.models.project import Project


class StageRun(Base):
    __tablename__ = "stage_runs"
    __table_args__ = (UniqueConstraint("project_id", "stage"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    stage: Mapped[StageName]
    # The project's revision when this run started.
    revision: Mapped[int]
    status: Mapped[StageStatus]
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    seconds: Mapped[float | None] = mapped_column(Float)
    error: Mapped[str | None] = mapped_column(Text)

    project: Mapped["Project"] = relationship(back_populates="stage_runs", lazy="raise")
    artifacts: Mapped[list["Artifact"]] = relationship(
        back_populates="stage_run", lazy="raise", passive_deletes=True
    )

    def __repr__(self) -> str:
        return (
            f"StageRun(id={self.id!r}, project_id={self.project_id!r}, stage={self.stage!r}, "
            f"revision={self.revision!r}, status={self.status!r})"
        )
