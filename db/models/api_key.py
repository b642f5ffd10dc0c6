"""A user's key for the REST API: only its SHA-256 is kept (the key is shown once), with a
short prefix to tell keys apart in a list. Revoked keys stay for the record."""

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, TimestampMixin


class ApiKey(TimestampMixin, Base):
    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(64))
    prefix: Mapped[str] = mapped_column(String(16))  # the key's first characters, shown in lists
    digest: Mapped[str] = mapped_column(String(64), unique=True)  # hex SHA-256 of the whole key
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    def __repr__(self) -> str:
        return f"ApiKey(id={self.id!r}, user_id={self.user_id!r}, prefix={self.prefix!r})"
