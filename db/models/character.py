"""A recurring character: reference photos, a description, a style preset and brand colours."""

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint, false, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.ports.notify import StudioJobState
from db.base import Base, JSONType, TimestampMixin


class Character(TimestampMixin, Base):
    __tablename__ = "characters"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(64))
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    # A preset of pipeline.art.styles.STYLE_NAMES.
    style: Mapped[str] = mapped_column(String(32))
    # ["#ff8800", ...], lower case.
    colours: Mapped[list[str]] = mapped_column(JSONType, default=list)
    # Relative to the storage root.
    logo_path: Mapped[str | None] = mapped_column(String(1024))
    is_default: Mapped[bool] = mapped_column(default=False, server_default=false())
    # The variations job (services.variation_jobs): its state, the kinds asked for, the
    # error key of a failure, and the request count (each request's job ID holds it).
    variations_state: Mapped[StudioJobState | None]
    # Server defaults only: an insert written for an older revision (tests of its migration)
    # names no column of these.
    variations_kinds: Mapped[list[str]] = mapped_column(JSONType, server_default=text("'[]'"))
    variations_error: Mapped[str | None] = mapped_column(String(64))
    variations_attempt: Mapped[int] = mapped_column(Integer, server_default="0")

    photos: Mapped[list["CharacterPhoto"]] = relationship(
        back_populates="character",
        lazy="raise",
        # The database cascades the delete; loaded photos are deleted by the session.
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="CharacterPhoto.index",
    )

    def __repr__(self) -> str:
        return f"Character(id={self.id!r}, user_id={self.user_id!r}, name={self.name!r})"


class CharacterPhoto(Base):
    __tablename__ = "character_photos"
    __table_args__ = (UniqueConstraint("character_id", "index"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    character_id: Mapped[int] = mapped_column(ForeignKey("characters.id", ondelete="CASCADE"))
    # Relative to the storage root.
    path: Mapped[str] = mapped_column(String(1024))
    # 0 is the main photo.
    index: Mapped[int] = mapped_column(Integer)
    width: Mapped[int]
    height: Mapped[int]

    character: Mapped[Character] = relationship(back_populates="photos", lazy="raise")

    def __repr__(self) -> str:
        return (
            f"CharacterPhoto(id={self.id!r}, character_id={self.character_id!r}, "
            f"index={self.index!r}, path={self.path!r})"
        )


# At most one default character per user.
Index(
    "uq_characters_default_user_id",
    Character.user_id,
    unique=True,
    postgresql_where=Character.is_default,
    sqlite_where=Character.is_default,
)
