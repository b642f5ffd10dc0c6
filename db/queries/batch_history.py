"""What recent Shorts on this install took: processing seconds and spend per provider, for
a batch's estimate. Install-wide aggregates like `stats` (no user's rows are returned)."""

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.enums import STAGE_ORDER, ProjectStatus, StageStatus
from db.models import Project, StageRun, UsageEntry


@dataclass(frozen=True, slots=True)
class MadeShort:
    project_id: int
    video_s: float  # the target duration
    work_s: float  # the stages' seconds summed


async def recent_made_shorts(session: AsyncSession, limit: int) -> list[MadeShort]:
    """The last `limit` done projects with every stage timed, newest first."""
    finished = func.max(StageRun.finished_at)
    statement = (
        select(Project.id, Project.target_duration, func.sum(StageRun.seconds).label("work_s"))
        .join(StageRun, StageRun.project_id == Project.id)
        .where(
            Project.status == ProjectStatus.DONE,
            Project.target_duration > 0,
            StageRun.status == StageStatus.DONE,
            StageRun.seconds.is_not(None),
        )
        .group_by(Project.id, Project.target_duration)
        .having(func.count(StageRun.id) == len(STAGE_ORDER))
        .order_by(finished.desc(), Project.id.desc())
        .limit(limit)
    )
    rows = (await session.execute(statement)).all()
    return [MadeShort(pid, float(video), float(work or 0)) for pid, video, work in rows]


async def spend_by_provider(session: AsyncSession, project_ids: list[int]) -> dict[str, Decimal]:
    """The ledger's cost per provider over `project_ids` (providers that cost nothing left out)."""
    if not project_ids:
        return {}
    total = func.sum(UsageEntry.cost_usd)
    statement = (
        select(UsageEntry.provider, total)
        .where(UsageEntry.project_id.in_(project_ids))
        .group_by(UsageEntry.provider)
        .having(total > 0)
    )
    rows = (await session.execute(statement)).all()
    return {provider: Decimal(str(cost)) for provider, cost in rows}
