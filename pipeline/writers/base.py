"""The `ScriptWriter` interface and the structured script it returns."""

from typing import Protocol

from pydantic import BaseModel, Field


class SceneDraft(BaseModel):
    """One scene: the narration spoken over it and a prompt describing its picture."""

    text: str = Field(min_length=1)
    visual_prompt: str = Field(min_length=1)
    duration: float = Field(gt=0)


class ScriptDraft(BaseModel):
    """A full Short script. Scenes carry the narration in order: hook, points, CTA."""

    language: str
    hook: str
    points: list[str] = Field(min_length=1)
    cta: str
    scenes: list[SceneDraft] = Field(min_length=1)
    title: str
    description: str
    hashtags: list[str]
    # Per-platform "title" and "caption" ("youtube", "instagram", "tiktok", "x"); LLM writers only.
    platform_variants: dict[str, dict[str, str]] = {}

    @property
    def narration(self) -> str:
        """The whole text to speak, scene by scene."""
        return " ".join(scene.text for scene in self.scenes)


class ScriptRequest(BaseModel):
    """What the writer is asked for."""

    topic: str
    language: str
    duration: float
    style: str = "vivid"
    tone: str = "friendly"
    seed: int = 0


class ScriptWriter(Protocol):
    """Writes a script for a topic that fits the target duration."""

    name: str

    async def write(self, request: ScriptRequest) -> ScriptDraft:
        """Return a script whose narration fits `request.duration` seconds."""
        ...
