"""Batches: create one, read it owner-scoped, count its Shorts, and the two once-only
steps (the batch is complete; its summary goes out) as conditional UPDATEs."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.batch_options import BatchOptions
from core.enums import BatchStatus, ProjectStatus
from db.models import Batch, Project
from db.queries.conditional import update_one


@dataclass(frozen=True, slots=True)
class BatchCounts:
    total: int
    done: int
    failed: int

    @property
    def finished(self) -> int:
        return self.done + self.failed

    @property
    def complete(self) -> bool:
        return self.finished >= self.total


async def create_batch(
    session: AsyncSession,
    user_id: int,
    options: BatchOptions,
    *,
    total: int,
    chat_id: int | None,
    now: datetime,
) -> Batch:
    batch = Batch(
        user_id=user_id, status=BatchStatus.RUNNING, options=options, total=total,
        chat_id=chat_id, started_at=now,
    )  # fmt: skip
    session.add(batch)
    await session.flush()
    return batch


async def get_batch(session: AsyncSession, batch_id: int) -> Batch | None:
    """Any batch, for jobs and notifiers (no owner: they act for the system)."""
    return await session.get(Batch, batch_id)


async def get_owned_batch(session: AsyncSession, user_id: int, batch_id: int) -> Batch | None:
    statement = select(Batch).where(Batch.id == batch_id, Batch.user_id == user_id)
    return await session.scalar(statement)


async def batch_projects(session: AsyncSession, batch_id: int) -> Sequence[Project]:
    statement = select(Project).where(Project.batch_id == batch_id).order_by(Project.batch_index)
    return (await session.scalars(statement)).all()


async def count_batch(session: AsyncSession, batch: Batch) -> BatchCounts:
    statement = (
        select(Project.status, func.count())
        .where(Project.batch_id == batch.id)
        .group_by(Project.status)
    )
    by_status = {status: int(n) for status, n in (await session.execute(statement)).all()}
    failed = by_status.get(ProjectStatus.FAILED, 0) + by_status.get(ProjectStatus.CANCELLED, 0)
    return BatchCounts(batch.total, by_status.get(ProjectStatus.DONE, 0), failed)


async def mark_done(session: AsyncSession, batch_id: int, now: datetime) -> bool:
    """RUNNING -> DONE; True for the one caller that made the change."""
    return await update_one(
        session, Batch, Batch.id == batch_id, Batch.status == BatchStatus.RUNNING,
        status=BatchStatus.DONE, completed_at=now,
    )  # fmt: skip


async def claim_summary(session: AsyncSession, batch_id: int, now: datetime) -> bool:
    """The summary is due once: True for the one caller that may send it."""
    return await update_one(
        session, Batch, Batch.id == batch_id, Batch.status == BatchStatus.DONE,
        Batch.summary_sent_at.is_(None), summary_sent_at=now,
    )  # fmt: skip


async def release_summary(session: AsyncSession, batch_id: int) -> None:
    """The summary did not go out (Telegram refused): the next report sends it."""
    await update_one(session, Batch, Batch.id == batch_id, summary_sent_at=None)


async def reopen(session: AsyncSession, batch: Batch) -> None:
    """Some of its Shorts are queued again (a retry of the failed ones)."""
    batch.status = BatchStatus.RUNNING
    batch.completed_at = None
    batch.summary_sent_at = None


async def running_or_unsummarised(session: AsyncSession) -> Sequence[Batch]:
    """Batches still running, and done ones whose summary has not gone out."""
    statement = (
        select(Batch)
        .where(
            (Batch.status == BatchStatus.RUNNING)
            | ((Batch.status == BatchStatus.DONE) & Batch.summary_sent_at.is_(None))
        )
        .order_by(Batch.id)
    )
    return (await session.scalars(statement)).all()


async def first_project_id(session: AsyncSession, batch_id: int) -> int | None:
    statement = select(func.min(Project.id)).where(Project.batch_id == batch_id)
    return await session.scalar(statement)
