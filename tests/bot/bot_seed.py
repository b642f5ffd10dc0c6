"""Rows a test starts from: a user's projects in given states (a module no test shadows)."""

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.enums import ProjectStatus
from db.models import Project
from db.queries import projects, scripts, users

SCENES = [
    {"index": i, "text": f"Scene {i}.", "visual_prompt": "p", "start": i, "end": i + 1}
    for i in range(4)
]


async def seed_projects(
    db: async_sessionmaker[AsyncSession], telegram_id: int, *statuses: ProjectStatus
) -> list[int]:
    """Projects of a registered user in these states; a done one has a 4-scene script."""
    async with db() as session:
        user = await users.get_user_by_telegram_id(session, telegram_id)
        assert user is not None
        made = []
        for status in statuses:
            project = await projects.create_project(
                session,
                user.id,
                topic=f"Seeded {status.value}",
                language=user.language,
                target_duration=15,
                style="vivid",
                tone="calm",
            )
            if status is ProjectStatus.DONE:
                await scripts.upsert_script(
                    session,
                    project.id,
                    language=user.language,
                    hook="h",
                    points=["p"],
                    cta="c",
                    scenes=SCENES,
                    title="T",
                    description="D",
                    hashtags=["#a"],
                    writer="offline",
                )
            projects.set_project_state(project, status, stage=None)
            made.append(project.id)
        await session.commit()
        return made


async def set_status(
    db: async_sessionmaker[AsyncSession], project_id: int, status: ProjectStatus
) -> None:
    async with db() as session:
        project = await session.get(Project, project_id)
        assert project is not None
        projects.set_project_state(project, status, stage=None)
        await session.commit()


async def statuses(db: async_sessionmaker[AsyncSession], telegram_id: int) -> list[ProjectStatus]:
    """The user's projects' statuses, oldest first."""
    async with db() as session:
        user = await users.get_user_by_telegram_id(session, telegram_id)
        assert user is not None
        found = await session.scalars(
            select(Project.status).where(Project.user_id == user.id).order_by(Project.id)
        )
        return list(found)


async def count_projects(db: async_sessionmaker[AsyncSession]) -> int:
    async with db() as session:
        return int(await session.scalar(select(func.count()).select_from(Project)) or 0)
