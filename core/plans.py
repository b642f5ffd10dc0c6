"""The plans, as data: what each one allows. Prices in Telegram Stars are settings
(`PlansSettings`), so an operator can change them without a release.

The seed: Free (5 Shorts a month, 1 voice, 1 character, watermark), Creator $29 (50 / 3 / 3,
no watermark, all platforms, basic analytics), Pro $99 (200 / 10 / 10, priority processing,
advanced analytics, batches, API access), Agency $299 (unlimited, white-label, team).
Free publishes to Telegram channels and YouTube; batches start at Creator (10 topics), so a
creator can try one before Pro's 100.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Literal

from core.enums import Platform


class PlanCode(StrEnum):
    FREE = "free"
    CREATOR = "creator"
    PRO = "pro"
    AGENCY = "agency"


@dataclass(frozen=True, slots=True)
class Plan:
    """What a plan allows; None is unlimited."""

    code: PlanCode
    shorts_per_month: int | None
    voices: int | None
    characters: int | None
    watermark: bool
    platforms: frozenset[Platform] | None
    max_batch: int  # topics in one batch; 0: no batches
    api_access: bool
    priority: int  # the render queue's weight: served this many times per round
    analytics: Literal["basic", "advanced"]
    white_label: bool = False
    team: bool = False


PLANS: Mapping[PlanCode, Plan] = MappingProxyType(
    {
        PlanCode.FREE: Plan(
            code=PlanCode.FREE,
            shorts_per_month=5,
            voices=1,
            characters=1,
            watermark=True,
            platforms=frozenset({Platform.TELEGRAM, Platform.YOUTUBE}),
            max_batch=0,
            api_access=False,
            priority=1,
            analytics="basic",
        ),
        PlanCode.CREATOR: Plan(
            code=PlanCode.CREATOR,
            shorts_per_month=50,
            voices=3,
            characters=3,
            watermark=False,
            platforms=None,
            max_batch=10,
            api_access=False,
            priority=1,
            analytics="basic",
        ),
        PlanCode.PRO: Plan(
            code=PlanCode.PRO,
            shorts_per_month=200,
            voices=10,
            characters=10,
            watermark=False,
            platforms=None,
            max_batch=100,
            api_access=True,
            priority=2,
            analytics="advanced",
        ),
        PlanCode.AGENCY: Plan(
            code=PlanCode.AGENCY,
            shorts_per_month=None,
            voices=None,
            characters=None,
            watermark=False,
            platforms=None,
            max_batch=500,
            api_access=True,
            priority=3,
            analytics="advanced",
            white_label=True,
            team=True,
        ),
    }
)

PAID_PLANS: tuple[PlanCode, ...] = (PlanCode.CREATOR, PlanCode.PRO, PlanCode.AGENCY)
