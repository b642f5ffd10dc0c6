"""An account a user publishes to: a YouTube channel, an Instagram or TikTok or X account,
or a Telegram channel (external_id = its chat ID, no tokens: the bot posts as an admin).

Tokens are sealed (`db.encrypted.SealedText`). `refresh_owner` + `refresh_until` is the
refresh lease: one process refreshes an account's tokens at a time (services.account_tokens).
"""

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.enums import AccountStatus, Platform
from core.sealed import Sealed
from db.base import Base, TimestampMixin
from db.encrypted import SealedText


class SocialAccount(TimestampMixin, Base):
    __tablename__ = "social_accounts"
    __table_args__ = (UniqueConstraint("user_id", "platform", "external_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    platform: Mapped[Platform]
    external_id: Mapped[str] = mapped_column(String(128))
    name: Mapped[str] = mapped_column(String(256))
    status: Mapped[AccountStatus]
    access_token: Mapped[Sealed | None] = mapped_column(SealedText())
    refresh_token: Mapped[Sealed | None] = mapped_column(SealedText())
    expires_at: Mapped[datetime | None]
    scope: Mapped[str | None] = mapped_column(String(1024))
    refresh_owner: Mapped[str | None] = mapped_column(String(64))
    refresh_until: Mapped[datetime | None]

    def __repr__(self) -> str:  # never the tokens
        return (
            f"SocialAccount(id={self.id!r}, user_id={self.user_id!r}, "
            f"platform={self.platform!r}, status={self.status!r})"
        )
