"""The typed shapes a use case takes and gives: what a Short is asked with, what the project
keeps, what a finished Short yields. Transports (the bot today, the REST API next) build and
read these; they become the API's request and response models.

The checks that need a message in the user's language (a topic too long, a duration not
offered) stay in the services, which raise `DomainError`s; these models check types only.
"""

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from core.captions import CaptionChoice
from core.enums import ProjectStatus

# What a project keeps is read by the pipeline and stored by `db`, so it lives in `core`
# (imports go one way); a use case's models are all found here.
from core.project_options import Delivered, ProjectOptions, VoiceChoice

__all__ = [
    "Deliverables",
    "Delivered",
    "Pictures",
    "ProjectOptions",
    "ShortRequest",
    "VoiceChoice",
]

Pictures = Literal["auto", "offline"]

# The Short lengths on offer, in seconds: New Short's buttons and a batch file's column.
OFFERED_DURATIONS = (15, 30, 60)


class ShortRequest(BaseModel):
    """A new Short as a person asks for it: the choices, by ID, of things they own.

    The service resolves the voice and the character (owner-checked) into what the project
    keeps; `voiceover` is the storage key of a recording the user uploaded for it.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    topic: str
    language: str = "ru"
    duration: float = Field(default=30.0, gt=0)
    style: str = "vivid"
    tone: str = "friendly"
    voice_id: int | None = None  # one of the user's voices; None: the stock voice
    character_id: int | None = None  # one of the user's characters; None: no character
    voiceover: str | None = None  # the user's own narration replaces the voice
    pictures: Pictures = "auto"  # "offline": procedural art even when fal.ai is configured
    captions: CaptionChoice | None = None  # None: what the person chose last time
    scene_counter: bool | None = None  # a "2 / 6" pill on each scene; None: as last time


class Deliverables(BaseModel):
    """What a finished Short yields: its files (absolute paths, None until rendered) and
    the texts to paste with it; for an unfinished one, where it is."""

    model_config = ConfigDict(frozen=True)

    project_id: int
    status: ProjectStatus
    topic: str
    revision: int
    video: Path | None
    srt: Path | None
    thumbnail: Path | None  # the candidate the person picked (the first until they pick)
    script_text: str
    title: str
    description: str
    hashtags: tuple[str, ...]
    scene_count: int
    error_key: str | None
    face_match: tuple[float, float] | None = None  # lowest, highest scene similarity
    spend_limited: tuple[str, ...] = ()  # stages made offline: the daily spend ceiling
    thumbnails: tuple[Path, ...] = ()  # the preview's candidates, in order
