"""The one Settings object, built from the environment (SECTION__FIELD) and `.env`."""

from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class BotSettings(BaseModel):
    token: SecretStr | None = None  # checked only when polling starts
    api_url: str = "https://api.telegram.org"
    admin_ids: list[int] = Field(default_factory=list)


class DbSettings(BaseModel):
    # A secret: a PostgreSQL URL carries the password (reprs and logs show **********).
    url: SecretStr = SecretStr("sqlite+aiosqlite:///data/shorts.db")
    echo: bool = False


class RedisSettings(BaseModel):
    url: SecretStr = SecretStr("redis://127.0.0.1:6379/0")  # may carry a password too


class StorageSettings(BaseModel):
    root: Path = Path("data/storage")


class OpenAISettings(BaseModel):
    """OpenAI or any OpenAI-compatible server (Ollama, llama.cpp, vLLM) by base URL."""

    base_url: str = "https://api.openai.com/v1"
    api_key: SecretStr | None = None
    model: str = "gpt-4o-mini"
    timeout_s: float = Field(default=60.0, gt=0)
    price_input_per_mtok: float = Field(default=0.15, ge=0)  # USD per million tokens
    price_output_per_mtok: float = Field(default=0.60, ge=0)


class ElevenLabsSettings(BaseModel):
    base_url: str = "https://api.elevenlabs.io"
    api_key: SecretStr | None = None
    model: str = "eleven_multilingual_v2"
    voice_id: str | None = None  # the default voice when a project names none
    timeout_s: float = Field(default=120.0, gt=0)
    price_per_1k_chars: float = Field(default=0.30, ge=0)  # USD
    # Clear speech an instant clone needs; ElevenLabs recommends 1-2 minutes.
    clone_min_speech_s: float = Field(default=60.0, ge=10.0)


class FalSettings(BaseModel):
    """fal.ai FLUX scenes through the queue protocol (fal-client)."""

    api_key: SecretStr | None = None
    queue_host: str | None = None  # e.g. "127.0.0.1:8443" (an emulator); None: queue.fal.run
    model: str = "fal-ai/flux-pro/v1.1"  # text-to-image when a character has no photos
    reference_model: str = "fal-ai/flux-pro/kontext/multi"  # with the character's photos
    concurrency: int = Field(default=4, ge=1, le=16)  # scenes generated at once
    timeout_s: float = Field(default=180.0, gt=0)  # per scene, then cancelled
    price_per_image: float = Field(default=0.04, ge=0)  # USD


class TranscriptionSettings(BaseModel):
    """Word timings for audio that has none (a cloud voice without them, a user's voiceover)."""

    # A provider name or a fallback chain: "openai,whisper" (whisper = offline faster-whisper).
    chain: str = "whisper"
    openai_model: str = "whisper-1"
    price_per_minute: float = Field(default=0.006, ge=0)  # USD, OpenAI transcription
    whisper_dir: Path | None = None  # a CTranslate2 Whisper model; None: the wheel-shipped base


class FacesSettings(BaseModel):
    """Character consistency: face-embedding similarity between the reference and each scene."""

    threshold: float = Field(default=0.90, ge=0.0, le=1.0)  # cosine; below: regenerate once
    segmentation_model: Path | None = None  # selfie_segmentation.tflite; None: installed copy


class ProvidersSettings(BaseModel):
    # A provider name, or a comma-separated fallback chain ending offline: "openai,offline".
    script: str = "offline"
    tts: str = "espeak"  # espeak | rhvoice | auto (RHVoice for Russian when installed)
    rhvoice_root: Path | None = None  # a `dpkg -x` extract of RHVoice; None: system install
    openai: OpenAISettings = OpenAISettings()
    elevenlabs: ElevenLabsSettings = ElevenLabsSettings()
    images: str = "offline"  # offline | fal | "fal,offline"
    fal: FalSettings = FalSettings()
    transcription: TranscriptionSettings = TranscriptionSettings()
    faces: FacesSettings = FacesSettings()


class RenderSettings(BaseModel):
    ffmpeg: str | None = None  # None: the binary from the imageio-ffmpeg wheel
    preset: str = "veryfast"
    crf: int = Field(default=21, ge=0, le=51)
    fps: int = Field(default=30, ge=15, le=60)
    width: int = 1080
    height: int = 1920
    transition_s: float = Field(default=0.4, ge=0.0, le=1.5)
    loudness_lufs: float = Field(default=-14.0, ge=-30.0, le=-8.0)
    music_volume: float = Field(default=0.35, ge=0.0, le=1.0)
    timeout_s: float = Field(default=900.0, gt=0)
    concurrency: int = Field(default=1, ge=1)  # renders at once per process (2 cores: 1)


class LogSettings(BaseModel):
    level: str = "INFO"
    json_output: bool = False


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_nested_delimiter="__", env_file=".env", extra="ignore")

    bot: BotSettings = BotSettings()
    db: DbSettings = DbSettings()
    redis: RedisSettings | None = None  # None: embedded mode, jobs run in-process
    storage: StorageSettings = StorageSettings()
    providers: ProvidersSettings = ProvidersSettings()
    render: RenderSettings = RenderSettings()
    log: LogSettings = LogSettings()


@lru_cache
def get_settings() -> Settings:
    """Return the process-wide settings; tests call `get_settings.cache_clear()`."""
    return Settings()
