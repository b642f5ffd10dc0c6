"""Test helpers for stage tests: a recording notifier and project creation."""

from collections.abc import Callable, Mapping
from typing import Any

from core.enums import ProjectStatus
from core.ports import StageProgress
from db.queries import projects, users
from pipeline.context import JobCtx
from services.projects import ProjectRequest, create_project


class RecordingNotifier:
    """Keeps every report, as the bot's notifier would send them."""

    def __init__(self) -> None:
        self.on_progress: Callable[[StageProgress], None] | None = None
        self.updates: list[StageProgress] = []
        self.finished_ids: list[int] = []
        self.failures: list[tuple[int, str, Mapping[str, Any]]] = []

    async def progress(self, update: StageProgress) -> None:
        self.updates.append(update)
        if self.on_progress is not None:
            self.on_progress(update)

    async def finished(self, project_id: int) -> bool:
        self.finished_ids.append(project_id)
        return True

    async def failed(self, project_id: int, key: str, params: Mapping[str, Any]) -> None:
        self.failures.append((project_id, key, params))


async def queue_project(ctx: JobCtx, request: ProjectRequest) -> int:
    """Create a project as the bot's service would and mark it queued."""
    async with ctx["sessionmaker"]() as session:
        user = await users.get_or_create_local_user(session, request.language)
        project = await create_project(session, ctx["storage"], user.id, request)
        projects.set_project_state(project, ProjectStatus.QUEUED, stage=None)
        await session.commit()
        return project.id
