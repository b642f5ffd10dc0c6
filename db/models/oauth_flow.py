"""One OAuth consent in progress: started by the web app's start route, used once by its
callback (`used_at` is set by a conditional UPDATE, so a replayed callback finds it used)."""

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from core.enums import Platform
from core.sealed import Sealed
from db.base import Base, TimestampMixin
from db.encrypted import SealedText


class OAuthFlow(TimestampMixin, Base):
    __tablename__ = "oauth_flows"

    id: Mapped[int] = mapped_column(primary_key=True)
    nonce: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    platform: Mapped[Platform]
    code_verifier: Mapped[Sealed | None] = mapped_column(SealedText())
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]

    def __repr__(self) -> str:
        return f"OAuthFlow(id={self.id!r}, user_id={self.user_id!r}, platform={self.platform!r})"
