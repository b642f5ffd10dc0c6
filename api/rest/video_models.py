"""Request and response bodies of the /api/video routes (they make the OpenAPI schema).

Requests refuse unknown fields: a misspelt option is a 422, never silently ignored. The
checks that need the pipeline (topic length, duration range, style names, languages) are the
services', and come back as problem+json like every domain error.
"""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.ext.asyncio import AsyncSession

from api.rest.ids import BodyId, PathId
from core.captions import CaptionChoice, CaptionLook, CaptionPosition, CaptionSize
from services.project_view import StatusWord
from services.shorts import caption_choice

# IDs are 32-bit in the database: a larger one is refused here, not by the driver.
DbId = BodyId
ProjectId = PathId


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CaptionFields(_Request):
    """The caption settings create-short and batch-create take alike."""

    caption_style: CaptionLook | None = Field(
        default=None, description="How the captions look; null: your last Short's look."
    )
    caption_position: CaptionPosition | None = Field(
        default=None, description="middle or lower (third); null: your last Short's."
    )
    caption_size: CaptionSize | None = Field(default=None, description="medium or large.")
    # Strict: "yes" or 1 is a 422, not silently a counter on every scene.
    scene_counter: bool | None = Field(
        default=None,
        strict=True,
        description=(
            'A "2 / 6" counter on each scene: true or false; null: as your last Short '
            "(false for a first one)."
        ),
    )

    async def captions(self, session: AsyncSession, user_id: int) -> CaptionChoice:
        """These caption settings, the caller's last Short's where they are left out."""
        return await caption_choice(
            session,
            user_id,
            look=self.caption_style,
            position=self.caption_position,
            size=self.caption_size,
        )


class CreateShort(CaptionFields):
    topic: str = Field(description="What the Short is about (at most 300 characters).")
    duration: float = Field(default=30.0, gt=0, description="Target length in seconds.")
    voice_id: DbId | None = Field(default=None, description="One of your voices; null: stock.")
    character_id: DbId | None = Field(default=None, description="One of your characters.")
    style: str = "vivid"
    # The render always lays a bed under the voice: with no track of the user's it is a soft
    # generated chord pad. A track of one's own cannot be sent in this JSON body, so "pad"
    # (or null, the same) is the one choice there is.
    music: Literal["pad"] | None = Field(
        default=None, description='The music bed: "pad" (a generated chord pad) or null, the same.'
    )
    language: str | None = Field(default=None, description="ru or en; null: your language.")
    tone: str = "friendly"


class Accepted(BaseModel):
    """Work was queued: poll `status_url` (also in the Location header)."""

    project_id: int
    status: StatusWord
    status_url: str


class ProjectSummary(BaseModel):
    project_id: int
    topic: str
    status: StatusWord
    stage: str | None
    progress: float
    created_at: datetime
    batch_job_id: int | None


class ProjectPage(BaseModel):
    items: list[ProjectSummary]
    limit: int
    offset: int
    next_offset: int | None  # null: this is the last page


class ProjectStatusBody(BaseModel):
    project_id: int
    status: StatusWord
    stage: str | None  # the stage running now, or the one that failed
    progress: float  # 0..1
    # Seconds of work left at this install's measured speed; null when finished or when no
    # Short was timed here yet (never a guess). Waiting in the queue is not counted.
    estimated_time: float | None
    error_key: str | None


class Scene(BaseModel):
    index: int
    text: str
    start: float | None
    end: float | None
    image_url: str | None


class Script(BaseModel):
    title: str
    description: str
    hashtags: list[str]
    text: str


class Options(BaseModel):
    language: str
    duration: float
    style: str
    tone: str
    voice_id: int | None
    character_id: int | None
    approved: bool


class Files(BaseModel):
    """Signed URLs that expire at `expires_at`; null until the file exists."""

    video: str | None
    thumbnail: str | None
    captions_srt: str | None
    voice: str | None
    expires_at: datetime


class ProjectDetail(BaseModel):
    project_id: int
    topic: str
    status: StatusWord
    stage: str | None
    progress: float
    revision: int
    error_key: str | None
    created_at: datetime
    options: Options
    script: Script | None
    scenes: list[Scene]
    files: Files
