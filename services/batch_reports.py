"""What the batch's one progress message and its summary need: which batch a Short is in,
who owns it, the message to edit (claimed once), and the summary's once-only claim."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Batch, User
from db.queries import batches, projects, users
from db.queries.conditional import update_one


@dataclass(frozen=True, slots=True)
class BatchOwner:
    batch: Batch
    user: User


async def batch_of_project(session: AsyncSession, project_id: int) -> BatchOwner | None:
    """The batch a Short belongs to and its owner (None: not a batch's, or gone)."""
    project = await projects.get_project_for_job(session, project_id)
    if project is None or project.batch_id is None:
        return None
    batch = await batches.get_batch(session, project.batch_id)
    user = await users.get_user(session, project.user_id)
    if batch is None or user is None:
        return None
    return BatchOwner(batch, user)


async def keep_progress_message(
    session: AsyncSession, batch_id: int, chat_id: int, message_id: int
) -> bool:
    """Remember the batch's progress message; False when it already has one (another
    process sent one at the same moment: the first kept stays)."""
    kept = await update_one(
        session, Batch, Batch.id == batch_id, Batch.progress_message_id.is_(None),
        chat_id=chat_id, progress_message_id=message_id,
    )  # fmt: skip
    await session.commit()
    return kept


async def claim_summary(session: AsyncSession, batch_id: int, now: datetime) -> bool:
    """True for the one report that sends the summary (a retry of the failed reopens it)."""
    claimed = await batches.claim_summary(session, batch_id, now)
    await session.commit()
    return claimed


async def release_summary(session: AsyncSession, batch_id: int) -> None:
    """The summary did not reach the person: the next report (or the resume) sends it."""
    await batches.release_summary(session, batch_id)
    await session.commit()


async def unreported_batches(
    session: AsyncSession, *, now: datetime, grace: timedelta
) -> list[int]:
    """A Short of each batch whose end was not reported: every Short finished but the
    batch still running (its last report died with its process), or done with no summary
    sent (Telegram refused it) for longer than `grace` (a report may be under way)."""
    found = []
    for batch in await batches.running_or_unsummarised(session):
        counts = await batches.count_batch(session, batch)
        ended = batch.completed_at or batch.updated_at
        if counts.complete and ended <= now - grace:
            first = await batches.first_project_id(session, batch.id)
            if first is not None:
                found.append(first)
    return found
