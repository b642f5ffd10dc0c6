"""A request for a voice from the draft samples, made by a job (services.voice_jobs): its
name and language, the job's state and a failure's message key, and the voice it made."""

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from core.ports.notify import StudioJobState
from db.base import Base, TimestampMixin


class VoiceRequest(TimestampMixin, Base):
    __tablename__ = "voice_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(64))
    language: Mapped[str] = mapped_column(String(16))
    state: Mapped[StudioJobState]
    error: Mapped[str | None] = mapped_column(String(64))
    voice_id: Mapped[int | None] = mapped_column(ForeignKey("voices.id", ondelete="SET NULL"))

    def __repr__(self) -> str:
        return f"VoiceRequest(id={self.id!r}, user_id={self.user_id!r}, state={self.state!r})"
