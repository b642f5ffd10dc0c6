"""A file a stage produced; the file itself lives under the storage root."""

from typing import TYPE_CHECKING, Any

from sqlalchemy import BigInteger, Float, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.enums import ArtifactKind
from db.base import Base, JSONType, TimestampMixin

if TYPE_CHECKING:
    from db.models.project import Project
    from db.models.stage_run import StageRun


class Artifact(TimestampMixin, Base):
    __tablename__ = "artifacts"
    __table_args__ = (UniqueConstraint("project_id", "kind", "index"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    stage_run_id: Mapped[int] = mapped_column(
        ForeignKey("stage_runs.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[ArtifactKind]
    # The scene number for scene images, 0 otherwise.
    index: Mapped[int] = mapped_column(default=0, server_default="0")
    # Relative to the storage root.
    path: Mapped[str] = mapped_column(String(1024))
    sha256: Mapped[str] = mapped_column(String(64))
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    duration: Mapped[float | None] = mapped_column(Float)
    meta: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)

    project: Mapped["Project"] = relationship(back_populates="artifacts", lazy="raise")
    stage_run: Mapped["StageRun"] = relationship(back_populates="artifacts", lazy="raise")

    def __repr__(self) -> str:
        return (
            f"Artifact(id={self.id!r}, project_id={self.project_id!r}, kind={self.kind!r}, "
            f"index={self.index!r}, path={self.path!r})"
        )
