"""Stars payments: one row per Telegram charge (`charge_id` is unique), looked up per user."""

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.enums import PaymentStatus
from core.plans import PlanCode
from db.models import Payment, User
from db.upsert import insert_ignore


async def get_by_charge_id(session: AsyncSession, charge_id: str) -> Payment | None:
    """The payment of Telegram's `telegram_payment_charge_id`, whoever made it."""
    return await session.scalar(select(Payment).where(Payment.charge_id == charge_id))


async def insert_payment(session: AsyncSession, values: Mapping[str, Any]) -> bool:
    """Add a payment unless its charge is on record already; return whether it was added
    (a second delivery of the same successful_payment adds nothing, even at the same time)."""
    return await insert_ignore(session, Payment, values, ["charge_id"])


async def get_user_payment(session: AsyncSession, payment_id: int, user_id: int) -> Payment | None:
    """The user's payment with this ID; None for an unknown ID or another user's."""
    query = select(Payment).where(Payment.id == payment_id, Payment.user_id == user_id)
    return await session.scalar(query)


async def latest_paid(session: AsyncSession, user_id: int) -> Payment | None:
    """The user's newest payment that granted a plan and was not refunded."""
    query = (
        select(Payment)
        .where(Payment.user_id == user_id, Payment.status == PaymentStatus.PAID)
        .order_by(Payment.created_at.desc(), Payment.id.desc())
        .limit(1)
    )
    return await session.scalar(query)


async def users_with_plans_ending(
    session: AsyncSession, *, after: datetime, until: datetime
) -> Sequence[User]:
    """Users (not blocked) on a paid plan that ends within (`after`, `until`]."""
    query = (
        select(User)
        .where(
            User.plan != PlanCode.FREE,
            User.is_blocked.is_(False),
            User.plan_expires_at > after,
            User.plan_expires_at <= until,
        )
        .order_by(User.plan_expires_at, User.id)
    )
    return (await session.scalars(query)).all()
