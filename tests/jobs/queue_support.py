"""Queue test helpers: a recording notifier, a flaky provider, virtual time, project rows."""

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from core.enums import ArtifactKind, ProjectStatus, StageName, StageStatus
from core.errors import DomainError
from core.ports import PublicationEvent, StageProgress, StudioEvent
from db.models import Artifact, Project, StageRun
from db.queries import projects, users
from pipeline.context import JobCtx, Providers
from pipeline.writers.base import ScriptDraft, ScriptRequest
from pipeline.writers.offline import TemplateWriter
from services.projects import ProjectRequest, create_project

OWNER = 1  # the user whose turn a test's jobs take, where only one user queues


class RecordingNotifier:
    """Keeps every report; `rendering` is set once the render stage is under way."""

    def __init__(self) -> None:
        self.updates: list[StageProgress] = []
        self.finished_ids: list[int] = []
        self.failures: list[tuple[int, str, Mapping[str, Any]]] = []
        self.studio_events: list[StudioEvent] = []
        self.publication_events: list[PublicationEvent] = []
        self.rendering = asyncio.Event()
        # Set by a test that must see the render still running: its report waits for it.
        self.hold_render: asyncio.Event | None = None

    async def progress(self, update: StageProgress) -> None:
        self.updates.append(update)
        if update.stage is StageName.RENDER and update.stage_fraction > 0.05:  # ffmpeg is encoding
            self.rendering.set()
            if self.hold_render is not None:
                await self.hold_render.wait()

    async def finished(self, project_id: int) -> bool:
        self.finished_ids.append(project_id)
        return True

    async def failed(self, project_id: int, key: str, params: Mapping[str, Any]) -> None:
        self.failures.append((project_id, key, params))

    async def studio(self, event: StudioEvent) -> None:
        self.studio_events.append(event)

    async def publication(self, event: PublicationEvent) -> None:
        self.publication_events.append(event)


class ProviderBusy(DomainError):
    key = "error-provider-busy"
    template = "The provider is busy (HTTP {status}); trying again shortly."
    transient = True


class FlakyWriter:
    """The offline writer behind a provider that answers 503 to its first `failures` calls."""

    name = "flaky"

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.calls = 0
        self.inner = TemplateWriter()

    async def write(self, request: ScriptRequest) -> ScriptDraft:
        self.calls += 1
        if self.calls <= self.failures:
            raise ProviderBusy(status=503)
        return await self.inner.write(request)


class FailingWriter:
    """A writer whose provider call raises `error` (any exception) its first `failures` times,
    or hangs (until cancelled) when `error` is None."""

    name = "failing"

    def __init__(self, error: BaseException | None, failures: int = 99) -> None:
        self.error, self.failures = error, failures
        self.calls = 0
        self.inner = TemplateWriter()

    async def write(self, request: ScriptRequest) -> ScriptDraft:
        self.calls += 1
        if self.calls <= self.failures:
            if self.error is None:
                await asyncio.Event().wait()
            raise self.error  # type: ignore[misc]
        return await self.inner.write(request)


def with_writer(ctx: JobCtx, writer: FlakyWriter | FailingWriter) -> JobCtx:
    return {**ctx, "providers": Providers(writer=writer, synth=ctx["providers"].synth)}


class VirtualTime:
    """An injected clock: `sleep` records the defer and returns at once."""

    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


async def queue_project(ctx: JobCtx, topic: str = "Why cats sleep", duration: float = 10) -> int:
    """Create a project as the bot's service would and mark it queued."""
    request = ProjectRequest(topic=topic, language="en", duration=duration)
    async with ctx["sessionmaker"]() as session:
        user = await users.get_or_create_local_user(session, request.language)
        project = await create_project(session, ctx["storage"], user.id, request)
        projects.set_project_state(project, ProjectStatus.QUEUED, stage=None)
        await session.commit()
        return project.id


@dataclass(frozen=True, slots=True)
class Rows:
    project: Project
    runs: list[StageRun]
    artifacts: list[Artifact]

    def done_started(self) -> dict[StageName, object]:
        """When each done stage started: unchanged if a rerun skipped it."""
        return {r.stage: r.started_at for r in self.runs if r.status is StageStatus.DONE}

    def videos(self) -> list[Artifact]:
        return [a for a in self.artifacts if a.kind is ArtifactKind.VIDEO]


async def rows(ctx: JobCtx, project_id: int) -> Rows:
    async with ctx["sessionmaker"]() as session:
        project = await session.get(Project, project_id)
        assert project is not None
        runs = await session.scalars(select(StageRun).where(StageRun.project_id == project_id))
        items = await session.scalars(select(Artifact).where(Artifact.project_id == project_id))
        return Rows(project, list(runs), list(items))
