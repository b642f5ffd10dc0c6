"""The usage ledger: one row per billable provider call, appended and never updated.

A paid call's row is committed on its own right after the provider answers (see
`pipeline.wallet`), so a stage that fails later never takes it back."""

from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, Numeric, String, func
from sqlalchemy.orm import Mapped, mapped_column

from core.enums import StageName, UsageUnit
from db.base import Base


class UsageEntry(Base):
    __tablename__ = "usage_entries"
    __table_args__ = (Index(None, "user_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # None once the user deleted their data (/delete_my_data): the spending still happened.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # Kept when the project is deleted: the spending still happened.
    project_id: Mapped[int | None] = mapped_column(
        ForeignKey("projects.id", ondelete="SET NULL"), index=True
    )
    stage: Mapped[StageName | None]
    provider: Mapped[str] = mapped_column(String(64))
    unit: Mapped[UsageUnit]
    quantity: Mapped[Decimal] = mapped_column(Numeric(14, 4))
    cost_usd: Mapped[Decimal] = mapped_column(
        Numeric(12, 6), default=Decimal(0), server_default="0"
    )
    # The provider's id for the call (a request id, a fal job id), to reconcile its invoice.
    request_id: Mapped[str | None] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())

    def __repr__(self) -> str:
        return (
            f"UsageEntry(id={self.id!r}, user_id={self.user_id!r}, provider={self.provider!r}, "
            f"unit={self.unit!r}, quantity={self.quantity!r})"
        )
