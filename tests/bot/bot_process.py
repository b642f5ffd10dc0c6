"""Running `python -m bot` as a process in tests: its environment and a queued project."""

import asyncio
import os
from pathlib import Path

from core.enums import ProjectStatus
from db.engine import make_engine, make_sessionmaker
from db.migrate import upgrade_head
from db.queries import projects, users
from services.projects import ProjectRequest, create_project
from storage.disk import Storage

ROOT = Path(__file__).resolve().parents[2]


def process_env(**values: str) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("BOT__", "DB__", "REDIS__"))}
    return keep | {"LOG__LEVEL": "WARNING", **values}


async def queued_project(url: str, storage: Path, telegram_id: int) -> int:
    await asyncio.to_thread(upgrade_head, url)
    engine = make_engine(url)
    try:
        async with make_sessionmaker(engine)() as session:
            user = await users.get_or_create_user(session, telegram_id, "Lena", "ru")
            await session.commit()
            request = ProjectRequest(topic="Зачем нужен сон", language="ru", duration=10)
            # Committed queued, with no job anywhere: only the process's start finds it.
            project = await create_project(session, Storage(storage), user.id, request)
            projects.set_project_state(project, ProjectStatus.QUEUED, stage=None)
            await session.commit()
            return project.id
    finally:
        await engine.dispose()
