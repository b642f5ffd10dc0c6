"""The Character endpoints' request and response bodies."""

from collections.abc import Callable, Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, Json, model_validator

from api.rest.voice_models import NO_NUL, STATUS, JobStatus
from db.models import Character, CharacterVariation

Emotion = Literal["smiling", "surprised", "thinking", "serious", "pointing", "thumbs_up"]
Pose = Literal["mirrored", "tilted", "close_up", "warm_light"]
Sign = Callable[[str], str]  # a storage key -> its signed URL


class CharacterDescription(BaseModel):
    name: str = Field(min_length=1, max_length=64, pattern=NO_NUL)
    description: str = Field(default="", max_length=500, pattern=NO_NUL)
    style: str = Field(default="vivid", max_length=32)
    colours: list[str] = Field(default_factory=list, max_length=5)


class CreateFields(BaseModel):
    """The text field of a create request (the photos are the `files` parts)."""

    description: Json[CharacterDescription]


class CharacterUpdate(BaseModel):
    """What to change; a field left out keeps its value."""

    name: str | None = Field(default=None, min_length=1, max_length=64, pattern=NO_NUL)
    description: str | None = Field(default=None, max_length=500, pattern=NO_NUL)
    style: str | None = Field(default=None, max_length=32)
    colours: list[str] | None = Field(default=None, max_length=5)


class VariationsRequest(BaseModel):
    """Kinds to make. Offline (no image model) only poses of the photos are offered; with
    fal, emotions and gestures. Backgrounds come from the character's style in each Short."""

    # What the validator below checks, said in the schema: a pose or an emotion at least.
    model_config = ConfigDict(
        json_schema_extra={
            "anyOf": [
                {"required": ["poses"], "properties": {"poses": {"minItems": 1}}},
                {"required": ["emotions"], "properties": {"emotions": {"minItems": 1}}},
            ]
        }
    )

    poses: list[Pose] = Field(default_factory=list, max_length=4)
    emotions: list[Emotion] = Field(default_factory=list, max_length=6)
    backgrounds: list[str] = Field(default_factory=list, max_length=0)

    @model_validator(mode="after")
    def _asks_for_something(self) -> "VariationsRequest":
        if not (self.poses or self.emotions):
            raise ValueError("ask for at least one pose or emotion")
        return self


class Variation(BaseModel):
    id: int
    kind: str
    url: str


class VariationsStatus(BaseModel):
    status: JobStatus | None  # None: never asked
    error: str | None
    variations: list[Variation]
    variation_urls: list[str]
    status_url: str

    @classmethod
    def of(
        cls, character: Character, made: Sequence[CharacterVariation], sign: Sign
    ) -> "VariationsStatus":
        variations = [Variation(id=v.id, kind=str(v.kind), url=sign(v.path)) for v in made]
        state = character.variations_state
        return cls(
            status=None if state is None else STATUS[state],
            error=character.variations_error,
            variations=variations,
            variation_urls=[v.url for v in variations],
            status_url=f"/api/character/{character.id}/variations",
        )


class CharacterOut(BaseModel):
    id: int
    name: str
    description: str
    style: str
    colours: list[str]
    is_default: bool
    photo_urls: list[str]
    logo_url: str | None

    @classmethod
    def of(cls, character: Character, sign: Sign) -> "CharacterOut":
        return cls(
            id=character.id,
            name=character.name,
            description=character.description,
            style=character.style,
            colours=list(character.colours),
            is_default=character.is_default,
            photo_urls=[sign(photo.path) for photo in character.photos],
            logo_url=sign(character.logo_path) if character.logo_path else None,
        )


class CharacterDetail(CharacterOut):
    variations: VariationsStatus
