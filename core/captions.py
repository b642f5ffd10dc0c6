"""What a person chooses about the burned captions: the look, where they sit, how big.

In `core` because every layer names them: the project's options store them, the bot and the
REST API offer them, the pipeline draws them (`pipeline.subtitles.looks`).
"""

from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class CaptionLook(StrEnum):
    BOLD = "bold"  # the spoken word in the accent colour, a little bigger
    CLEAN = "clean"  # white, thin outline, the spoken word tinted: no motion
    BOX = "box"  # a solid box behind the spoken word
    KARAOKE = "karaoke"  # the colour sweeps across each word as it is spoken
    POP = "pop"  # each word pops in when it is spoken


class CaptionPosition(StrEnum):
    MIDDLE = "middle"
    LOWER = "lower"  # the lower third, above the platforms' own captions and buttons


class CaptionSize(StrEnum):
    MEDIUM = "medium"
    LARGE = "large"


class CaptionChoice(BaseModel):
    """A Short's caption settings; the defaults are the look every Short had before."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    look: CaptionLook = CaptionLook.BOLD
    position: CaptionPosition = CaptionPosition.LOWER
    size: CaptionSize = CaptionSize.MEDIUM
