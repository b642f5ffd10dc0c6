"""What /plan shows: the plan and this month's use, the plans on sale, a refundable purchase."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import NotFound
from core.plan_settings import PlansSettings
from core.plans import PAID_PLANS, PlanCode
from db.models import Payment
from db.queries import users
from services.payment_refunds import refund_deadline, refundable_payment
from services.payments import is_downgrade
from services.plans import PlanStatus, plan_status


@dataclass(frozen=True, slots=True)
class PlanScreen:
    status: PlanStatus
    offers: tuple[tuple[PlanCode, int], ...]  # (plan, Stars), downgrades left out
    days: int
    refundable: Payment | None
    refund_until: datetime | None


async def get_plan_screen(
    session: AsyncSession, user_id: int, *, plans: PlansSettings, now: datetime
) -> PlanScreen:
    user = await users.get_user(session, user_id)
    if user is None:
        raise NotFound(what="user")
    status = await plan_status(session, user_id, now=now)
    offers = tuple(
        (code, plans.price_stars(code)) for code in PAID_PLANS if not is_downgrade(user, code, now)
    )
    payment = await refundable_payment(session, user_id, plans=plans, now=now)
    until = refund_deadline(payment, plans) if payment is not None else None
    return PlanScreen(status, offers, plans.period_days, payment, until)
