"""The Voice endpoints' request and response bodies."""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from core.ports import StudioJobState
from db.models import Voice, VoiceRequest

NO_NUL = r"^[^\x00]*$"  # PostgreSQL text cannot hold NUL
# A studio job's state in the API's words (a project's `done` for the studio's `ready`).
JobStatus = Literal["queued", "running", "done", "failed"]
STATUS: dict[StudioJobState | None, JobStatus] = {
    StudioJobState.QUEUED: "queued",
    StudioJobState.RUNNING: "running",
    StudioJobState.READY: "done",
    StudioJobState.FAILED: "failed",
}


class CloneFields(BaseModel):
    """The text fields of a clone request (the recordings are the `files` parts)."""

    name: str = Field(min_length=1, max_length=64, pattern=NO_NUL)
    consent: bool = Field(
        description="True: this is the sender's own voice, or its owner agreed to the clone."
    )


class CloneStatus(BaseModel):
    request_id: int
    status: JobStatus
    voice_id: int | None  # once done
    error: str | None  # the problem type's key when failed
    status_url: str

    @classmethod
    def of(cls, request: VoiceRequest) -> "CloneStatus":
        return cls(
            request_id=request.id,
            status=STATUS[request.state],
            voice_id=request.voice_id,
            error=request.error,
            status_url=f"/api/voice/clone/{request.id}",
        )


class VoiceSettings(BaseModel):
    """A voice's settings; a field left out keeps its value. Offline voices speak with speed
    and pitch; stability and similarity_boost are kept for cloud clones."""

    speed: float | None = Field(default=None, ge=0.5, le=2.0)
    pitch: float | None = Field(default=None, ge=-1.0, le=1.0)
    stability: float | None = Field(default=None, ge=0.0, le=1.0)
    similarity_boost: float | None = Field(default=None, ge=0.0, le=1.0)


class VoiceOut(BaseModel):
    id: int
    name: str
    engine: str
    language: str | None
    is_default: bool
    settings: VoiceSettings
    created_at: datetime

    @classmethod
    def of(cls, voice: Voice) -> "VoiceOut":
        params = voice.params
        settings = VoiceSettings(
            speed=params.get("speed"),
            pitch=params.get("pitch"),
            stability=params.get("stability"),
            similarity_boost=params.get("similarity"),
        )
        return cls(
            id=voice.id,
            name=voice.name,
            engine=voice.engine.value,
            language=params.get("language"),
            is_default=voice.is_default,
            settings=settings,
            created_at=voice.created_at,
        )


class TestPhrase(BaseModel):
    text: str = Field(min_length=1, max_length=300)


class SpeechRequest(BaseModel):
    text: str = Field(min_length=1, max_length=1000)
    settings: VoiceSettings = Field(default_factory=VoiceSettings)


class Audio(BaseModel):
    audio_url: str  # signed, expiring
    expires_in_s: int
