"""`PLANS__*`: the paid plans' prices in Telegram Stars and how long a purchase lasts."""

from pydantic import BaseModel, Field

from core.plans import PlanCode


class PlansSettings(BaseModel):
    # Stars per period (Telegram sells a Star to users for about $0.013-0.02).
    creator_stars: int = Field(default=1500, ge=1, le=100_000)
    pro_stars: int = Field(default=5000, ge=1, le=100_000)
    agency_stars: int = Field(default=15000, ge=1, le=100_000)
    period_days: int = Field(default=30, ge=1, le=366)
    # A purchase may be refunded (refundStarPayment) this many days after it was paid.
    refund_days: int = Field(default=3, ge=0, le=30)
    # The renewal reminder goes out this many days before the plan ends.
    remind_days: int = Field(default=3, ge=1, le=30)

    def price_stars(self, code: PlanCode) -> int:
        """The price of a paid plan; the Free plan is not sold."""
        prices = {
            PlanCode.CREATOR: self.creator_stars,
            PlanCode.PRO: self.pro_stars,
            PlanCode.AGENCY: self.agency_stars,
        }
        if code not in prices:
            msg = f"the {code} plan is not sold"
            raise ValueError(msg)
        return prices[code]
