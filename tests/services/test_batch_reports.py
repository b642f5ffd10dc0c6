"""A batch whose end was never reported is found again (services.batch_reports), and the
once-only steps hold: the batch is marked done once, its summary claimed once."""

from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from core.batch_options import BatchOptions
from core.enums import BatchStatus, ProjectStatus
from db.models import Project
from db.queries import batches, users
from services import batch_reports
from services.batches import batch_progress

OPTIONS = BatchOptions(language="en", duration=15, style="vivid", tone="calm")


async def _batch(session: AsyncSession, *statuses: ProjectStatus) -> tuple[int, list[int]]:
    user = await users.get_or_create_user(session, 710_001, "Batcher", "en")
    now = datetime.now(UTC) - timedelta(minutes=10)
    batch = await batches.create_batch(
        session, user.id, OPTIONS, total=len(statuses), chat_id=710_001, now=now
    )
    made = [
        Project(
            user_id=user.id,
            topic=f"t{i}",
            language="en",
            target_duration=15.0,
            style="vivid",
            tone="calm",
            status=status,
            batch_id=batch.id,
            batch_index=i,
        )
        for i, status in enumerate(statuses)
    ]
    session.add_all(made)
    await session.commit()
    return batch.id, [p.id for p in made]


async def test_a_batch_ends_once_with_one_summary(session: AsyncSession) -> None:
    batch_id, _ = await _batch(session, ProjectStatus.DONE, ProjectStatus.FAILED)
    now = datetime.now(UTC)
    first = await batch_progress(session, batch_id, now=now)
    second = await batch_progress(session, batch_id, now=now)
    assert (first.completed_now, second.completed_now) == (True, False)
    assert (first.counts.done, first.counts.failed, first.eta_s) == (1, 1, None)
    assert first.batch.status is BatchStatus.DONE
    assert await batch_reports.claim_summary(session, batch_id, now)
    assert not await batch_reports.claim_summary(session, batch_id, now)
    await batch_reports.release_summary(session, batch_id)  # Telegram refused it
    assert await batch_reports.claim_summary(session, batch_id, now)


async def test_the_eta_follows_the_pace_so_far(session: AsyncSession) -> None:
    batch_id, _ = await _batch(session, ProjectStatus.DONE, *[ProjectStatus.QUEUED] * 3)
    state = await batch_progress(session, batch_id, now=datetime.now(UTC))
    assert (state.counts.finished, state.completed_now) == (1, False)
    assert 1700 < (state.eta_s or 0) < 1900  # 10 min a Short, 3 left


async def test_an_unreported_end_is_found_after_the_grace(session: AsyncSession) -> None:
    ended, projects = await _batch(session, ProjectStatus.DONE, ProjectStatus.DONE)
    later = datetime.now(UTC) + timedelta(minutes=5)
    grace = timedelta(seconds=30)
    assert await batch_reports.unreported_batches(session, now=later, grace=grace) == [projects[0]]
    assert (
        await batch_reports.unreported_batches(session, now=datetime.now(UTC), grace=grace) == []
    )
    await batch_progress(session, ended, now=later)
    assert await batch_reports.claim_summary(session, ended, later)
    assert await batch_reports.unreported_batches(session, now=later, grace=grace) == []
