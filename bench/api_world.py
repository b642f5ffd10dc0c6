"""What bench/api.py reads: a Pro user with an API key and their queued projects, made by
the product's own services on the bench's database."""

from datetime import UTC, datetime
from pathlib import Path

from core.enums import ProjectStatus
from core.plans import PlanCode
from db.engine import make_engine, make_sessionmaker
from db.queries import projects, users
from services.api_keys import create_api_key
from services.plan_grants import grant_plan
from services.projects import ProjectRequest, create_project
from storage.disk import Storage


async def seed_projects(db_url: str, count: int, root: Path) -> tuple[str, list[int]]:
    """Return the key and the IDs of `count` queued projects of one Pro user."""
    engine = make_engine(db_url)
    now = datetime.now(UTC)
    try:
        async with make_sessionmaker(engine)() as session:
            user = await users.get_or_create_user(session, 880_001, "Bench", "en")
            await grant_plan(session, user.id, PlanCode.PRO, days=30, now=now)
            storage = Storage(root)
            ids = []
            for index in range(count):
                request = ProjectRequest(topic=f"Bench topic {index}", language="en", duration=30)
                project = await create_project(session, storage, user.id, request)
                projects.set_project_state(project, ProjectStatus.QUEUED, stage=None)
                ids.append(project.id)
            await session.commit()
            made = await create_api_key(session, user.id, now=now)
        return made.secret, ids
    finally:
        await engine.dispose()
