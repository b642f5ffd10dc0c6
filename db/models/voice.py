"""A user's voice (a stock-voice match offline, a cloud clone later) and the samples behind it."""

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Float, ForeignKey, Index, String, false, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.base import Base, JSONType, TimestampMixin


class VoiceEngine(StrEnum):
    ESPEAK = "espeak"
    ELEVENLABS = "elevenlabs"


class Voice(TimestampMixin, Base):
    __tablename__ = "voices"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(64))
    engine: Mapped[VoiceEngine]
    # {"voice": "ru+f3", "variant": "f3", "language": "ru", "speed", "pitch", "stability",
    #  "similarity"}; stability and similarity only matter to cloud engines.
    params: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    # The voice's ID at a cloud provider (a clone), None for stock voices.
    provider_voice_id: Mapped[str | None] = mapped_column(String(128))
    # When the user confirmed the right to use the recorded voice.
    consent_at: Mapped[datetime | None]
    is_default: Mapped[bool] = mapped_column(default=False, server_default=false())
    # What the samples measured (pitch, range, rate, timbre) and the chosen match.
    measured: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)

    # The database cascades the delete; loaded samples are deleted by the session.
    samples: Mapped[list["VoiceSample"]] = relationship(
        back_populates="voice", lazy="raise", cascade="all, delete-orphan", passive_deletes=True
    )

    def __repr__(self) -> str:
        return f"Voice(id={self.id!r}, user_id={self.user_id!r}, name={self.name!r})"


class VoiceSample(Base):
    """An uploaded recording; `voice_id` is None while it belongs to the user's draft."""

    __tablename__ = "voice_samples"
    __table_args__ = (Index(None, "user_id", "voice_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    # Samples go with their voice.
    voice_id: Mapped[int | None] = mapped_column(
        ForeignKey("voices.id", ondelete="CASCADE"), index=True
    )
    # Relative to the storage root.
    path: Mapped[str] = mapped_column(String(1024))
    duration_s: Mapped[float] = mapped_column(Float)
    # 0..1, with the main reason as a message key ("sample-ok", "sample-noisy", ...).
    score: Mapped[float] = mapped_column(Float)
    reason: Mapped[str] = mapped_column(String(64))
    metrics: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())

    voice: Mapped[Voice | None] = relationship(back_populates="samples", lazy="raise")

    def __repr__(self) -> str:
        return (
            f"VoiceSample(id={self.id!r}, user_id={self.user_id!r}, voice_id={self.voice_id!r}, "
            f"score={self.score!r}, reason={self.reason!r})"
        )


# At most one default voice per user.
Index(
    "uq_voices_default_user_id",
    Voice.user_id,
    unique=True,
    postgresql_where=Voice.is_default,
    sqlite_where=Voice.is_default,
)
