"""A Telegram Stars payment for a plan, kept with Telegram's charge ID (unique: the same
successful_payment twice grants once; a refund names it)."""

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from core.enums import PaymentStatus
from core.plans import PlanCode
from db.base import Base, TimestampMixin


class Payment(TimestampMixin, Base):
    __tablename__ = "payments"

    id: Mapped[int] = mapped_column(primary_key=True)
    # None once the user deleted their data: the payment still happened.
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    telegram_user_id: Mapped[int] = mapped_column(BigInteger)
    plan: Mapped[PlanCode]
    stars: Mapped[int]
    charge_id: Mapped[str] = mapped_column(String(128), unique=True)
    provider_charge_id: Mapped[str | None] = mapped_column(String(128))
    payload: Mapped[str] = mapped_column(String(128))
    status: Mapped[PaymentStatus]
    period_start: Mapped[datetime | None]
    period_end: Mapped[datetime | None]
    refunded_at: Mapped[datetime | None]

    def __repr__(self) -> str:
        return f"Payment(id={self.id!r}, plan={self.plan!r}, status={self.status!r})"
