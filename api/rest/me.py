"""GET /api/me: who the key belongs to, the plan, what is used of it and its limits."""

from datetime import datetime

from fastapi import APIRouter
from pydantic import BaseModel

from api.rest_deps import Caller, Rest, Session, requests_per_minute
from services.plans import plan_status

router = APIRouter(tags=["account"])


class Limits(BaseModel):
    shorts_per_month: int | None  # None: unlimited
    voices: int | None
    characters: int | None
    max_batch: int
    platforms: list[str] | None  # None: every platform
    watermark: bool
    requests_per_minute: int


class Usage(BaseModel):
    shorts_this_month: int
    voices: int
    characters: int
    resets_at: datetime


class Me(BaseModel):
    user_id: int
    language: str
    plan: str
    plan_expires_at: datetime | None
    limits: Limits
    usage: Usage


@router.get("/me")
async def me(caller: Caller, session: Session, rest: Rest) -> Me:
    """The caller's plan, its limits and this month's usage."""
    status = await plan_status(session, caller.user_id, now=rest.clock())
    plan = status.plan
    platforms = None if plan.platforms is None else sorted(p.value for p in plan.platforms)
    return Me(
        user_id=caller.user_id,
        language=caller.language,
        plan=plan.code.value,
        plan_expires_at=status.expires_at,
        limits=Limits(
            shorts_per_month=plan.shorts_per_month,
            voices=plan.voices,
            characters=plan.characters,
            max_batch=plan.max_batch,
            platforms=platforms,
            watermark=plan.watermark,
            requests_per_minute=requests_per_minute(plan, rest.settings.api),
        ),
        usage=Usage(
            shorts_this_month=status.shorts_used,
            voices=status.voices_used,
            characters=status.characters_used,
            resets_at=status.resets_at,
        ),
    )
