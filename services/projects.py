"""Services that create projects: validate what the user asked for, store their files."""

import asyncio
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from sqlalchemy.ext.asyncio import AsyncSession

from core.captions import CaptionChoice
from core.enums import ProjectOrigin
from core.project_options import ProjectOptions, VoiceChoice
from db.models import Project
from db.queries import projects
from pipeline.art.styles import get_style
from pipeline.writers.offline import (
    MAX_DURATION_S,
    MIN_DURATION_S,
    check_duration,
    check_language,
)
from pipeline.writers.topic import normalise_topic
from services.project_inputs import StagedInputs, stage_inputs
from storage.disk import Storage
from storage.sync import pull_keys, push_files


@dataclass(frozen=True, slots=True)
class ProjectRequest:
    """Everything a user chooses for one Short; media paths are the user's local files."""

    topic: str
    language: str = "ru"
    duration: float = 30.0
    style: str = "vivid"
    tone: str = "friendly"
    photos: tuple[Path, ...] = ()
    music: Path | None = None
    logo: Path | None = None
    intro: Path | None = None  # a title-card still or a short clip shown first
    outro: Path | None = None  # ... and last
    voice: dict[str, Any] = field(default_factory=dict)
    voiceover: Path | None = None  # the user's own narration: replaces the synthetic voice
    character_id: int | None = None  # the photos are this character's: they appear in scenes
    images: Literal["auto", "offline"] = "auto"  # "offline": procedural art even with fal
    origin: ProjectOrigin = ProjectOrigin.CHAT  # where its reports go (`services.notices`)
    watermark: bool = False  # the plan's (Free): burned in by the render
    captions: CaptionChoice = field(default_factory=CaptionChoice)
    scene_counter: bool = False  # a "2 / 6" pill on each scene


def validate_request(request: ProjectRequest) -> tuple[str, float]:
    """Check every choice but the media (`stage_inputs` checks those); return the language
    code and the target duration."""
    language = check_language(request.language)
    normalise_topic(request.topic, language)
    duration = check_duration(request.duration)
    get_style(request.style)
    return language, duration


def _stage(request: ProjectRequest, folder: Path) -> StagedInputs:
    return stage_inputs(
        folder,
        photos=request.photos,
        music=request.music,
        logo=request.logo,
        intro=request.intro,
        outro=request.outro,
        voiceover=request.voiceover,
    )


def _kept_before(storage: Storage, request: ProjectRequest) -> list[str]:
    """The request's files that are the user's stored files (a character's photos and logo,
    a kept voiceover): on S3 they may have to come from the bucket first."""
    given = [*request.photos, request.music, request.logo, request.intro, request.outro]
    files = [path for path in [*given, request.voiceover] if path is not None]
    return [storage.relative(p) for p in files if p.resolve().is_relative_to(storage.root)]


def _keep(storage: Storage, staged: StagedInputs, inputs: Path) -> dict[str, Any]:
    """Move the staged copies into the project's inputs (renames; each file is hashed)."""
    kept: dict[str, Any] = {
        "photos": [storage.commit_file(p, inputs / p.name).relpath for p in staged.photos]
    }
    for name, path in staged.files.items():
        kept[name] = storage.commit_file(path, inputs / path.name).relpath
    return kept


async def create_project(
    session: AsyncSession, storage: Storage, user_id: int, request: ProjectRequest
) -> Project:
    """Validate the request, add the project and keep its media in the user's folder: the
    copies `services.project_inputs` makes (a WAV, FLAC, PNG or MP4 of ours), never the
    user's own files but photos.

    With a voiceover the Short is narrated by it (see `pipeline.stages.voiceover`) and lasts as
    long as it does (kept within what a script can be written for). Checking, converting and
    copying run in threads, never in the event loop.

    The caller commits and enqueues `produce_short(project.id)`.
    """
    language, duration = await asyncio.to_thread(validate_request, request)
    storage.root.mkdir(parents=True, exist_ok=True)
    await pull_keys(storage, _kept_before(storage, request))
    # Staged beside the storage (one file system: the kept copies move in by rename).
    with tempfile.TemporaryDirectory(prefix=".new-project-", dir=storage.root) as folder:
        staged = await asyncio.to_thread(_stage, request, Path(folder))
        if staged.voiceover_s is not None:
            duration = min(max(staged.voiceover_s, MIN_DURATION_S), MAX_DURATION_S)
        project = await projects.create_project(
            session,
            user_id,
            topic=request.topic.strip(),
            language=language,
            target_duration=duration,
            style=request.style,
            tone=request.tone,
        )
        project.origin = request.origin
        workdir = storage.project_dir(user_id, project.id)
        project.workdir = storage.relative(workdir)
        inputs = workdir / "inputs"
        kept = await asyncio.to_thread(_keep, storage, staged, inputs)
        files = [path for name, path in kept.items() if name != "photos"]
        await push_files(storage, [*kept["photos"], *files])  # on S3: into the bucket
    project.options = ProjectOptions.model_validate(
        {
            **kept,
            "voice": VoiceChoice.model_validate(request.voice),
            "character_id": request.character_id or None,
            "images": request.images,
            "watermark": request.watermark,
            "captions": request.captions,
            "scene_counter": request.scene_counter,
        }
    )
    await session.flush()
    return project
