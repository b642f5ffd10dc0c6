"""A person who uses the bot, or the one local user of the offline CLI."""

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import BigInteger, Index, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.plans import PlanCode
from db.base import Base, TimestampMixin

if TYPE_CHECKING:
    from db.models.project import Project

LOCAL_USER_NAME = "local"


class User(TimestampMixin, Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    telegram_id: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    name: Mapped[str] = mapped_column(String(256))
    language: Mapped[str] = mapped_column(String(8), default="ru", server_default="ru")
    timezone: Mapped[str | None] = mapped_column(String(64))  # IANA name; None: UTC
    # "Label my posts as AI-generated", asked once before the first publication; None: not yet.
    ai_disclosure: Mapped[bool | None]
    is_blocked: Mapped[bool] = mapped_column(default=False, server_default=false())
    # The plan bought or granted, until `plan_expires_at` (None: no end); Free after it.
    plan: Mapped[PlanCode] = mapped_column(
        default=PlanCode.FREE, server_default=PlanCode.FREE.value
    )
    plan_expires_at: Mapped[datetime | None]
    plan_reminded_at: Mapped[datetime | None]  # the renewal reminder of this period went out
    # The weekly analytics digest: opted in, and when the last one went out.
    weekly_digest: Mapped[bool] = mapped_column(default=False, server_default=false())
    digest_sent_at: Mapped[datetime | None]

    projects: Mapped[list["Project"]] = relationship(
        back_populates="user", lazy="raise", passive_deletes=True
    )

    def __repr__(self) -> str:
        return f"User(id={self.id!r}, telegram_id={self.telegram_id!r}, name={self.name!r})"


# At most one user per name without a Telegram ID, so concurrent starts of the offline CLI
# cannot create two "local" users (see `db.queries.users.get_or_create_local_user`).
Index(
    "uq_users_local_name",
    User.name,
    unique=True,
    postgresql_where=User.telegram_id.is_(None),
    sqlite_where=User.telegram_id.is_(None),
)
