"""Services around a preview: approve, regenerate a scene, change the voice, edit the text,
and the finished files. Every call is owner-checked: another user's ID is NotFound.

A redo bumps `project.revision` (a new job ID), resets the stages that depend on the change
and leaves the project queued; a retry of a failed Short does the same and resets nothing.
The caller enqueues `produce_short` right after the commit. A redo or a retry makes the
project unfinished again, so it is refused like a new Short when the user already has
`limits.max_unfinished_projects` in the making (`services.limits`).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core.enums import STAGE_ORDER, ArtifactKind, ProjectStatus, StageName
from core.errors import DomainError, NotFound
from core.settings import LimitsSettings
from db.models import Artifact, Project, Script
from db.queries import artifacts, projects, scripts, stages
from pipeline.writers.narration import clean_script, split_scenes
from services.limits import claim_production_slot
from storage.disk import Storage
from storage.sync import pull_keys


class ProjectBusy(DomainError):
    key = "error-project-busy"
    template = "Project {project_id} is still being made; wait for the preview."


class PreviewNotReady(DomainError):
    key = "error-preview-not-ready"
    template = "Project {project_id} has no finished video yet."


@dataclass(frozen=True, slots=True)
class Deliverables:
    """What a finished Short hands over: files (absolute paths) and texts to paste."""

    project_id: int
    status: ProjectStatus
    topic: str
    revision: int
    video: Path | None
    srt: Path | None
    thumbnail: Path | None
    script_text: str
    title: str
    description: str
    hashtags: tuple[str, ...]
    scene_count: int
    error_key: str | None
    face_match: tuple[float, float] | None = None  # lowest, highest scene similarity
    spend_limited: tuple[str, ...] = ()  # stages made offline: the daily spend ceiling


# The files a person is sent (on S3 read from the store into this process's folder).
DELIVERED = frozenset({ArtifactKind.VIDEO, ArtifactKind.CAPTIONS_SRT, ArtifactKind.THUMBNAIL})


async def owned_project(session: AsyncSession, user_id: int, project_id: int) -> Project:
    project = await projects.get_project(session, project_id, user_id)
    if project is None:
        raise NotFound(what="project")
    return project


class ShortAlreadyMade(DomainError):
    key = "error-short-already-made"
    template = "Project {project_id} is finished; there is nothing to try again."


async def _queue_revision(session: AsyncSession, project: Project) -> Project:
    """A new revision (a new job ID), with all its attempts, queued and committed."""
    project.revision += 1
    project.attempts = 0
    projects.set_project_state(project, ProjectStatus.QUEUED, stage=None, progress=0.0)
    await session.commit()
    return project


async def _redo(session: AsyncSession, project: Project, stage: StageName) -> Project:
    await stages.reset_stages_from(session, project.id, stage)
    return await _queue_revision(session, project)


async def retry_project(
    session: AsyncSession,
    storage: Storage,
    user_id: int,
    project_id: int,
    *,
    limits: LimitsSettings,
) -> Project:
    """Make a failed Short again from where it stopped: every finished step is kept."""
    del storage
    project = await owned_project(session, user_id, project_id)
    if project.status is ProjectStatus.DONE:
        raise ShortAlreadyMade(project_id=project_id)
    project = await _redoable(session, user_id, project_id, limits)
    return await _queue_revision(session, project)


async def _redoable(
    session: AsyncSession, user_id: int, project_id: int, limits: LimitsSettings
) -> Project:
    """The user's project, refused while a job is (about to be) working on it, or while
    the user may not queue one more."""
    project = await owned_project(session, user_id, project_id)
    if project.status not in (ProjectStatus.DONE, ProjectStatus.FAILED):
        raise ProjectBusy(project_id=project_id)
    await claim_production_slot(session, user_id, limits)
    return project


async def deliverables(
    session: AsyncSession, storage: Storage, user_id: int, project_id: int
) -> Deliverables:
    """The files and texts of the user's project (files are None until rendered)."""
    project = await owned_project(session, user_id, project_id)
    items = await artifacts.list_artifacts(session, project_id, user_id)
    await pull_keys(storage, [i.path for i in items if i.index == 0 and i.kind in DELIVERED])
    paths: dict[ArtifactKind, Path] = {}
    for item in items:
        path = storage.resolve(item.path)
        if item.index == 0 and path.is_file():
            paths[item.kind] = path
    script = await scripts.get_script(session, project_id, user_id)
    return Deliverables(
        project_id=project.id,
        status=project.status,
        topic=project.topic,
        revision=project.revision,
        video=paths.get(ArtifactKind.VIDEO) if project.status is ProjectStatus.DONE else None,
        srt=paths.get(ArtifactKind.CAPTIONS_SRT),
        thumbnail=paths.get(ArtifactKind.THUMBNAIL),
        script_text=_script_text(script),
        title=script.title if script else "",
        description=script.description if script else "",
        hashtags=tuple(script.hashtags) if script else (),
        scene_count=len(script.scenes) if script else 0,
        error_key=project.error_key,
        face_match=face_match(items),
        spend_limited=spend_limited_stages(items),
    )


def face_match(items: Sequence[Artifact]) -> tuple[float, float] | None:
    """The lowest and highest face similarity of the scenes scored against the character."""
    scores = [
        float(value)
        for item in items
        if item.kind is ArtifactKind.SCENE_IMAGE
        and isinstance(value := (item.meta or {}).get("face_similarity"), int | float)
    ]
    return (min(scores), max(scores)) if scores else None


def spend_limited_stages(items: Sequence[Artifact]) -> tuple[str, ...]:
    """The stages ("script", "voice", "visuals") whose paid provider the daily spend
    ceiling stopped, so that an offline one made them (`spend_limited` in their meta)."""
    stages_of = {
        ArtifactKind.SCRIPT_JSON: StageName.SCRIPT,
        ArtifactKind.VOICE_WAV: StageName.VOICE,
        ArtifactKind.SCENE_IMAGE: StageName.VISUALS,
    }
    limited = {
        stages_of[item.kind]
        for item in items
        if item.kind in stages_of and (item.meta or {}).get("spend_limited")
    }
    return tuple(stage.value for stage in STAGE_ORDER if stage in limited)


def _script_text(script: Script | None) -> str:
    return "\n".join(str(scene["text"]) for scene in script.scenes) if script else ""


async def approve_preview(
    session: AsyncSession, storage: Storage, user_id: int, project_id: int
) -> Deliverables:
    """Mark the preview approved and return the final files; approving twice is harmless."""
    project = await owned_project(session, user_id, project_id)
    if project.status is not ProjectStatus.DONE:
        raise PreviewNotReady(project_id=project_id)
    if not project.options.get("approved"):
        project.options = {**project.options, "approved": True}
        await session.commit()
    return await deliverables(session, storage, user_id, project_id)


def scene_seed(project_id: int, revision: int, scene: int) -> int:
    """A fresh, reproducible seed for a redrawn scene."""
    return (project_id * 7919 + revision * 104_729 + scene * 13) % (2**31 - 1)


async def regenerate_scene(
    session: AsyncSession,
    storage: Storage,
    user_id: int,
    project_id: int,
    scene: int,
    *,
    limits: LimitsSettings,
) -> Project:
    """Give one scene a new seed and redo the stages from visuals (other stills are reused)."""
    del storage  # the visuals stage replaces and cleans the stills itself
    project = await _redoable(session, user_id, project_id, limits)
    script = await scripts.get_script(session, project_id, user_id)
    if script is None or not 0 <= scene < len(script.scenes):
        raise NotFound(what="scene")
    seeds = dict(project.options.get("scene_seeds", {}))
    seeds[str(scene)] = scene_seed(project.id, project.revision + 1, scene)
    project.options = {**project.options, "scene_seeds": seeds}
    return await _redo(session, project, StageName.VISUALS)


async def change_voice(
    session: AsyncSession,
    storage: Storage,
    user_id: int,
    project_id: int,
    voice: dict[str, Any],
    *,
    limits: LimitsSettings,
) -> Project:
    """Speak the Short with other voice options (from `voice_options`); redo from voice.
    A chosen voice replaces the user's own voiceover, if the Short had one."""
    del storage
    project = await _redoable(session, user_id, project_id, limits)
    options = {**project.options, "voice": dict(voice)}
    options.pop("voiceover", None)
    project.options = options
    return await _redo(session, project, StageName.VOICE)


async def edit_script(
    session: AsyncSession,
    storage: Storage,
    user_id: int,
    project_id: int,
    text: str,
    *,
    limits: LimitsSettings,
) -> Project:
    """Replace the narration with the user's text, split over the same scenes; redo from voice."""
    del storage
    cleaned = clean_script(text)
    project = await _redoable(session, user_id, project_id, limits)
    script = await scripts.get_script(session, project_id, user_id)
    if script is None:
        raise NotFound(what="script")
    texts = split_scenes(cleaned, len(script.scenes))
    script.scenes = [{**scene, "text": texts[i]} for i, scene in enumerate(script.scenes)]
    return await _redo(session, project, StageName.VOICE)
