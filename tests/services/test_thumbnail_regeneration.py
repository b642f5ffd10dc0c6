"""services/thumbnails.py beside an approval in progress and a double press: "Another
thumbnail" always leaves the next round queued, whatever else writes the project's options
meanwhile (each session commits for real, on a connection of its own)."""

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.enums import ProjectStatus
from core.settings import LimitsSettings
from db.models import Project
from db.queries import projects, users
from jobs.queue import ArqQueue
from services import delivery, thumbnails
from services.owned import owned_project
from services.production import project_job_id
from services.review import ProjectBusy

LIMITS = LimitsSettings()


async def _done_project(db: async_sessionmaker[AsyncSession]) -> tuple[int, int]:
    async with db() as session:
        owner = await users.get_or_create_user(session, 4601, "Ann", "en")
        project = await projects.create_project(
            session,
            owner.id,
            topic="t",
            language="en",
            target_duration=15,
            style="vivid",
            tone="c",
        )
        projects.set_project_state(project, ProjectStatus.DONE, stage=None)
        await session.commit()
        return owner.id, project.id


async def test_an_approval_still_sending_keeps_the_new_round(
    committing: async_sessionmaker[AsyncSession], arq_queue: ArqQueue
) -> None:
    owner, project_id = await _done_project(committing)
    async with committing() as approving:  # approval loaded the project, then sends files
        # Held, as a handler holding it would: the session's identity map keeps it (and its
        # options as read) instead of loading the row again.
        loaded = await owned_project(approving, owner, project_id)
        assert loaded.options.thumbnail_round == 0
        async with committing() as pressing:  # "Another thumbnail" meanwhile
            await thumbnails.regenerate_thumbnails(
                pressing, owner, project_id, limits=LIMITS, queue=arq_queue
            )
        await delivery.mark_delivered(approving, owner, project_id, 0, "thumbnail")
    async with committing() as session:
        project = await session.get(Project, project_id)
    assert project is not None
    options = project.options
    assert (options.thumbnail_round, options.thumbnail, project.revision) == (1, 0, 1)
    assert options.delivered is not None
    assert options.delivered.items == ("thumbnail",)
    assert await arq_queue.is_pending(project_job_id(project_id, 1))


async def test_a_second_press_waits_for_the_first_round(
    committing: async_sessionmaker[AsyncSession], arq_queue: ArqQueue
) -> None:
    owner, project_id = await _done_project(committing)
    for press in range(2):
        async with committing() as session:
            try:
                await thumbnails.regenerate_thumbnails(
                    session, owner, project_id, limits=LIMITS, queue=arq_queue
                )
            except ProjectBusy:
                assert press == 1
    async with committing() as session:
        project = await session.get(Project, project_id)
    assert project is not None
    assert (project.options.thumbnail_round, project.revision) == (1, 1)
    assert project.status is ProjectStatus.QUEUED
    assert not await arq_queue.is_pending(project_job_id(project_id, 2))
