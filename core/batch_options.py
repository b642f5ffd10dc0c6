"""The settings a batch's Shorts share, chosen once like New Short's (a row of a topics file
may override the duration, style and language). A batch started with its caption settings
unset takes the person's last Short's, as New Short does; the row keeps what was used."""

from typing import Literal

from pydantic import BaseModel, ConfigDict

from core.captions import CaptionChoice


class BatchOptions(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    language: str
    duration: int
    style: str
    tone: str
    voice_id: int | None = None
    character_id: int | None = None
    pictures: Literal["auto", "offline"] = "auto"
    captions: CaptionChoice | None = None  # None: the person's last Short's
    scene_counter: bool | None = None  # a "2 / 6" pill on each scene; None: as last time
