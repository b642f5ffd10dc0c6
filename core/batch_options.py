"""The settings a batch's Shorts share, chosen once like New Short's (a row of a topics file
may override the duration, style and language)."""

from typing import Literal

from pydantic import BaseModel, ConfigDict


class BatchOptions(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    language: str
    duration: int
    style: str
    tone: str
    voice_id: int | None = None
    character_id: int | None = None
    pictures: Literal["auto", "offline"] = "auto"
