"""Aggregates for the admin: users, Shorts by status, failures, queue, render time, cost."""

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.enums import UNFINISHED_STATUSES, ProjectStatus, StageName, StageStatus, UsageUnit
from db.models import Project, StageRun, UsageEntry, User


@dataclass(frozen=True, slots=True)
class Overview:
    users: int
    projects: dict[ProjectStatus, int]
    failed_stages: dict[StageName, int]
    queue_depth: int
    render_seconds: Decimal
    cost_usd: Decimal


@dataclass(frozen=True, slots=True)
class UserSummary:
    user: User
    projects: dict[ProjectStatus, int]
    render_seconds: Decimal
    cost_usd: Decimal


async def _projects_by_status(
    session: AsyncSession, user_id: int | None = None
) -> dict[ProjectStatus, int]:
    statement = select(Project.status, func.count()).group_by(Project.status)
    if user_id is not None:
        statement = statement.where(Project.user_id == user_id)
    return {status: count for status, count in (await session.execute(statement)).all()}


async def _usage(session: AsyncSession, user_id: int | None = None) -> tuple[Decimal, Decimal]:
    """Render seconds and total cost from the usage ledger (of one user when given)."""
    render = func.sum(UsageEntry.quantity).filter(UsageEntry.unit == UsageUnit.RENDER_SECONDS)
    statement = select(func.coalesce(render, 0), func.coalesce(func.sum(UsageEntry.cost_usd), 0))
    if user_id is not None:
        statement = statement.where(UsageEntry.user_id == user_id)
    seconds, cost = (await session.execute(statement)).one()
    return Decimal(str(seconds)), Decimal(str(cost))


async def overview(session: AsyncSession) -> Overview:
    """Everything /stats shows, in a handful of aggregate queries."""
    users = await session.scalar(select(func.count()).select_from(User)) or 0
    by_status = await _projects_by_status(session)
    failed = select(StageRun.stage, func.count()).where(StageRun.status == StageStatus.FAILED)
    failed_stages = dict((await session.execute(failed.group_by(StageRun.stage))).all())
    render_seconds, cost = await _usage(session)
    return Overview(
        users=users,
        projects=by_status,
        failed_stages={StageName(stage): count for stage, count in failed_stages.items()},
        queue_depth=sum(by_status.get(status, 0) for status in UNFINISHED_STATUSES),
        render_seconds=render_seconds,
        cost_usd=cost,
    )


async def user_summary(session: AsyncSession, telegram_or_user_id: int) -> UserSummary | None:
    """One user's numbers, found by Telegram ID first, then by our own ID."""
    user = await session.scalar(select(User).where(User.telegram_id == telegram_or_user_id))
    if user is None:
        user = await session.get(User, telegram_or_user_id)
    if user is None:
        return None
    render_seconds, cost = await _usage(session, user.id)
    return UserSummary(user, await _projects_by_status(session, user.id), render_seconds, cost)
