"""Services that create projects: validate what the user asked for, store their files."""

import asyncio
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Project
from db.queries import projects
from pipeline.art.photos import open_photo
from pipeline.art.styles import get_style
from pipeline.errors import InvalidInput
from pipeline.ffmpeg.probe import check_audio, check_image, probe
from pipeline.ffmpeg.spec import is_still
from pipeline.project_media import discard_staged, place_media, stage_media
from pipeline.storage import Storage
from pipeline.voiceover_audio import check_voiceover
from pipeline.writers.offline import (
    MAX_DURATION_S,
    MIN_DURATION_S,
    check_duration,
    check_language,
)
from pipeline.writers.topic import normalise_topic

MAX_PHOTOS = 20
MAX_MUSIC_S = 900.0  # a track is looped or cut to the Short's length
MAX_CARD_S = 10.0


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


def validate_request(request: ProjectRequest) -> tuple[str, float]:
    """Check every choice before anything is stored; return the language code and the
    target duration (a voiceover's own length, kept within what a script can be written for).
    """
    language = check_language(request.language)
    normalise_topic(request.topic, language)
    duration = check_duration(request.duration)
    if request.voiceover is not None:
        duration = min(max(check_voiceover(request.voiceover), MIN_DURATION_S), MAX_DURATION_S)
    get_style(request.style)
    for photo in request.photos[:MAX_PHOTOS]:
        open_photo(photo).close()
    if request.music is not None:
        check_audio(request.music, max_seconds=MAX_MUSIC_S)
    if request.logo is not None:
        check_image(request.logo)
    for card in (request.intro, request.outro):
        if card is not None:
            check_card(card)
    return language, duration


def check_card(path: Path) -> None:
    """An intro/outro is a still image or a short video clip."""
    if is_still(path):
        check_image(path)
        return
    info = probe(path)
    if info.first("video") is None or info.duration > MAX_CARD_S:
        raise InvalidInput(
            what=path.name, reason=f"send a picture or a video clip of at most {MAX_CARD_S:.0f} s"
        )


async def create_project(
    session: AsyncSession, storage: Storage, user_id: int, request: ProjectRequest
) -> Project:
    """Validate the request, copy its media into the user's folder and add the project.

    With a voiceover the Short is narrated by it (see `pipeline.voiceover`) and lasts as
    long as it does. Decoding and copying run in threads, never in the event loop, and
    before the INSERT, so the database's write lock is not held while they run.

    The caller commits and enqueues `produce_short(project.id)`.
    """
    language, duration = await asyncio.to_thread(validate_request, request)
    staged = await asyncio.to_thread(stage_media, storage, user_id, request, MAX_PHOTOS)
    try:
        project = await projects.create_project(
            session,
            user_id,
            topic=request.topic.strip(),
            language=language,
            target_duration=duration,
            style=request.style,
            tone=request.tone,
        )
        workdir = storage.project_dir(user_id, project.id)
        project.workdir = storage.relative(workdir)
        media = await asyncio.to_thread(place_media, storage, staged, workdir)
    except BaseException:
        await asyncio.to_thread(discard_staged, staged)
        raise
    options: dict[str, Any] = {"voice": dict(request.voice), **media}
    if request.character_id:
        options["character_id"] = request.character_id
    if request.images == "offline":
        options["images"] = "offline"
    project.options = options
    await session.flush()
    return project
