"""The typed shapes a use case takes and gives: what a Short is asked with, what the project
keeps, what a finished Short yields. Transports (the bot today, the REST API next) build and
read these; they become the API's request and response models.

The checks that need a message in the user's language (a topic too long, a duration not
offered) stay in the services, which raise `DomainError`s; these models check types only.
"""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Pictures = Literal["auto", "offline"]


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
