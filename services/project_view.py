"""A project as an API client reads it: the status word, where it is, the time it may still
take (measured, never assumed), its script and scenes, and the storage keys of its files.

`status_word` is the one place a project's state becomes the word clients see: every route
and every webhook event reads it from here.
"""

from dataclasses import dataclass
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession

from core.enums import UNFINISHED_STATUSES, ArtifactKind, ProjectStatus
from db.models import Artifact, Project, Script
from db.queries import artifacts, scripts
from services.batch_estimate import SpeedMemo
from services.owned import owned_project

StatusWord = Literal["draft", "queued", "running", "done", "failed", "cancelled"]

_WORDS: dict[ProjectStatus, StatusWord] = {
    ProjectStatus.DRAFT: "draft",
    ProjectStatus.QUEUED: "queued",
    ProjectStatus.RUNNING: "running",
    ProjectStatus.DONE: "done",
    ProjectStatus.FAILED: "failed",
    ProjectStatus.CANCELLED: "cancelled",
}

# The files of a finished Short a client downloads, by the name it sees them under.
_FILES: dict[ArtifactKind, str] = {
    ArtifactKind.VIDEO: "video",
    ArtifactKind.THUMBNAIL: "thumbnail",
    ArtifactKind.CAPTIONS_SRT: "captions_srt",
    ArtifactKind.VOICE_WAV: "voice",
}


def status_word(status: ProjectStatus) -> StatusWord:
    return _WORDS[status]


async def estimated_seconds(
    session: AsyncSession, project: Project, speeds: SpeedMemo
) -> float | None:
    """Seconds of work the project still needs at this install's measured speed (its recent
    Shorts' timed stages); None when finished or when nothing was timed here yet. Time
    waiting in the queue behind other Shorts is not counted."""
    if project.status not in UNFINISHED_STATUSES:
        return None
    speed = await speeds.speed(session)
    if speed is None:
        return None
    return round(speed * project.target_duration * (1.0 - project.progress), 1)


@dataclass(frozen=True, slots=True)
class SceneView:
    index: int
    text: str
    start: float | None
    end: float | None
    image: str | None  # storage key of the scene's still


@dataclass(frozen=True, slots=True)
class ProjectView:
    project: Project
    script: Script | None
    scenes: tuple[SceneView, ...]
    files: dict[str, str]  # name -> storage key; the video only once the Short is done


def _seconds(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) else None


def _scenes(script: Script | None, items: list[Artifact]) -> tuple[SceneView, ...]:
    if script is None:
        return ()
    stills = {i.index: i.path for i in items if i.kind is ArtifactKind.SCENE_IMAGE}
    return tuple(
        SceneView(
            index=number,
            text=str(scene.get("text", "")),
            start=_seconds(scene.get("start")),
            end=_seconds(scene.get("end")),
            image=stills.get(number),
        )
        for number, scene in enumerate(script.scenes)
    )


async def project_view(session: AsyncSession, user_id: int, project_id: int) -> ProjectView:
    """The user's project with its script, scenes and file keys (NotFound: not theirs)."""
    project = await owned_project(session, user_id, project_id)
    items = list(await artifacts.list_artifacts(session, project_id, user_id))
    script = await scripts.get_script(session, project_id, user_id)
    files = {
        _FILES[item.kind]: item.path
        for item in items
        if item.kind in _FILES
        # The thumbnail is the preview's candidate the person picked.
        and item.index == (project.options.thumbnail if item.kind is ArtifactKind.THUMBNAIL else 0)
        if item.kind is not ArtifactKind.VIDEO or project.status is ProjectStatus.DONE
    }
    return ProjectView(project, script, _scenes(script, items), files)
