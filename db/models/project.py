"""A short video in the making: the topic, the user's choices and where the pipeline is."""

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import BigInteger, Float, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.enums import ProjectOrigin, ProjectStatus, StageName
from core.project_options import ProjectOptions
from db.base import Base, TimestampMixin
from db.types import PydanticJSON

if TYPE_CHECKING:
    from db.models.artifact import Artifact
    from db.models.script import Script
    from db.models.stage_run import StageRun
    from db.models.user import User


class Project(TimestampMixin, Base):
    __tablename__ = "projects"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    topic: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(8))
    target_duration: Mapped[float] = mapped_column(Float)
    style: Mapped[str] = mapped_column(String(64))
    tone: Mapped[str] = mapped_column(String(64))
    # The person's choices: voice, media keys, character, pictures; typed (JSON in the row).
    options: Mapped[ProjectOptions] = mapped_column(
        PydanticJSON(ProjectOptions), default=ProjectOptions
    )
    # Where it was asked for: its reports go back there (a chat today; the API, a batch).
    origin: Mapped[ProjectOrigin] = mapped_column(
        default=ProjectOrigin.CHAT, server_default=ProjectOrigin.CHAT.value
    )
    status: Mapped[ProjectStatus] = mapped_column(
        default=ProjectStatus.DRAFT, server_default=ProjectStatus.DRAFT.value
    )
    # The stage running now, or the one that failed last.
    stage: Mapped[StageName | None]
    progress: Mapped[float] = mapped_column(Float, default=0.0, server_default="0")
    error_key: Mapped[str | None] = mapped_column(String(128))
    error: Mapped[str | None] = mapped_column(Text)
    # Bumped by a deliberate redo; part of the job ID, so a redo is a new job.
    revision: Mapped[int] = mapped_column(default=0, server_default="0")
    # Relative to the storage root.
    workdir: Mapped[str] = mapped_column(String(512), default="", server_default="")
    # Runs of this revision that started and never ended in order (a crash, a kill): at
    # `JOBS__MAX_ATTEMPTS` the project is failed instead of resumed.
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    # The lease: who runs the project now, and when it last proved it was alive.
    lease_owner: Mapped[str | None] = mapped_column(String(128))
    heartbeat_at: Mapped[datetime | None]
    # When the preview of the current revision reached the person (None: not yet).
    preview_sent_at: Mapped[datetime | None]
    # A batch's Short: its batch and its place in the batch's topic list.
    batch_id: Mapped[int | None] = mapped_column(
        ForeignKey("batches.id", ondelete="CASCADE"), index=True
    )
    batch_index: Mapped[int | None]
    # The seed's engagement fields: sums of the latest metric snapshot of each publication
    # (None: no platform has given that number yet, which is not 0).
    total_views: Mapped[int | None] = mapped_column(BigInteger)
    total_likes: Mapped[int | None] = mapped_column(BigInteger)
    total_shares: Mapped[int | None] = mapped_column(BigInteger)
    engagement_rate: Mapped[float | None] = mapped_column(Float)  # (likes+comments+shares)/views
    metrics_updated_at: Mapped[datetime | None]

    user: Mapped["User"] = relationship(back_populates="projects", lazy="raise")
    script: Mapped["Script | None"] = relationship(
        back_populates="project", lazy="raise", passive_deletes=True
    )
    stage_runs: Mapped[list["StageRun"]] = relationship(
        back_populates="project", lazy="raise", passive_deletes=True
    )
    artifacts: Mapped[list["Artifact"]] = relationship(
        back_populates="project", lazy="raise", passive_deletes=True
    )

    def __repr__(self) -> str:
        return f"Project(id={self.id!r}, status={self.status!r}, stage={self.stage!r})"
