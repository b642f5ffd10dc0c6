"""What a project keeps of the person's choices, typed: the voice, the media they gave (as
storage keys), the character, the picture source, and what review added (scene seeds, the
approval, what was delivered).

It lives in `core` because every layer reads it: `db` stores it (a JSON column through
`db.types.PydanticJSON`), the pipeline's stages read it, the services write it; services
re-export it from `services.schemas` with the other models of a use case. Frozen: a change
is a new value (`model_copy(update=...)`) assigned to `project.options`, which is what the
database notices.
"""

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from core.captions import CaptionChoice


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class VoiceChoice(_Frozen):
    """The voice a Short speaks with; every field unset is the configured stock voice.

    `name` is the engine's voice (an espeak variant like "en-us+f3", or a clone's provider
    ID); `transform` is a stock-voice match's pitch and timbre change (see
    `pipeline.voices.transform`); `fixed_speed` keeps `speed` instead of fitting it to the
    target duration (the CLI's `--speed`).
    """

    engine: str | None = None
    voice_id: int | None = None  # the user's studio voice this came from
    name: str | None = None
    speed: float | None = None
    pitch: float | None = None
    stability: float | None = None  # cloud engines only
    similarity: float | None = None  # cloud engines only
    fixed_speed: bool = False
    transform: dict[str, Any] | None = None


class Delivered(_Frozen):
    """The final files of one revision that reached the person (approve sends each once)."""

    revision: int
    items: tuple[str, ...] = ()


class ProjectOptions(_Frozen):
    """`Project.options`. Media are storage keys under the user's project folder."""

    voice: VoiceChoice = Field(default_factory=VoiceChoice)
    photos: tuple[str, ...] = ()
    music: str | None = None
    logo: str | None = None
    intro: str | None = None  # a title-card still or a short clip shown first
    outro: str | None = None  # ... and last
    voiceover: str | None = None  # the person's own narration: replaces the voice
    character_id: int | None = None  # the photos are this character's
    images: Literal["auto", "offline"] = "auto"  # "offline": procedural art even with fal
    scene_seeds: dict[str, int] = Field(default_factory=dict)  # scene index -> redraw seed
    watermark: bool = False  # the render burns in the mark (the plan says so, at creation)
    captions: CaptionChoice = Field(default_factory=CaptionChoice)
    scene_counter: bool = False  # a "2 / 6" pill on each scene (off: no platform shows one)
    thumbnail: int = Field(default=0, ge=0, le=2)  # the preview's candidate the person picked
    thumbnail_round: int = 0  # how many times the person asked for three new thumbnails
    approved: bool = False
    delivered: Delivered | None = None

    def media(self, name: Literal["music", "logo", "intro", "outro"]) -> str | None:
        """The storage key of one of the person's optional media files, if they gave it."""
        value: str | None = getattr(self, name)
        return value
