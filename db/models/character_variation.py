"""A variation of a character: the same person in another emotion or pose, as a picture."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Float, ForeignKey, Index, String, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base


class VariationKind(StrEnum):
    # Emotions and gestures: only an image model can make them (from the photos).
    SMILING = "smiling"
    SURPRISED = "surprised"
    THINKING = "thinking"
    SERIOUS = "serious"
    POINTING = "pointing"
    THUMBS_UP = "thumbs_up"
    # Poses of the user's own photo (cut out, then mirrored, tilted, zoomed or relit).
    MIRRORED = "mirrored"
    TILTED = "tilted"
    CLOSE_UP = "close_up"
    WARM_LIGHT = "warm_light"


class VariationSource(StrEnum):
    FAL = "fal"
    CUTOUT = "cutout"


class CharacterVariation(Base):
    __tablename__ = "character_variations"
    __table_args__ = (
        UniqueConstraint("character_id", "kind"),
        Index(None, "user_id", "character_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Kept beside character_id so every lookup is scoped by its owner without a join.
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    character_id: Mapped[int] = mapped_column(ForeignKey("characters.id", ondelete="CASCADE"))
    kind: Mapped[VariationKind]
    source: Mapped[VariationSource]
    # The person on a plain background, relative to the storage root.
    path: Mapped[str] = mapped_column(String(1024))
    # Cosine similarity to the character's reference face; None: no face was found.
    similarity: Mapped[float | None] = mapped_column(Float)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())

    def __repr__(self) -> str:
        return (
            f"CharacterVariation(id={self.id!r}, character_id={self.character_id!r}, "
            f"kind={self.kind!r})"
        )
